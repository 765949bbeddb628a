// "Send test" for one channel: an optional address (empty = the admin's own), the button, and the outcome
// shown right below it. It uses the saved settings, so it waits while the card has unsaved changes.
import { useState } from 'preact/hooks';
import type { ChannelName } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { Alert, Button, TextField } from '../../../ui';
import { gatewayAdminApi, type TestResult } from './gateway-admin.api';
import { gatewayErrorText } from './gateway-errors';

type Outcome = { kind: 'result'; result: TestResult } | { kind: 'problem'; text: string };

function statusText(status: string): string {
  if (status === 'sent' || status === 'delivered' || status === 'retry' || status === 'permanent' || status === 'gone') return t(`gatewayAdmin.test.status.${status}`);
  return status;
}

export function TestSend({
  channel,
  button,
  address,
  unsaved,
  off,
}: {
  channel: ChannelName;
  button: string;
  /** The optional address field (email or phone); none for push. */
  address?: { label: string; placeholder: string; type: 'email' | 'tel' };
  unsaved: boolean;
  /** The channel is switched off in the saved settings. */
  off: boolean;
}) {
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'result', result: await gatewayAdminApi.test(channel, to.trim() || undefined) });
    } catch (err) {
      setOutcome({ kind: 'problem', text: gatewayErrorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const blocked = unsaved ? t('gatewayAdmin.test.saveFirst') : off ? t('gatewayAdmin.test.turnOnFirst') : null;
  return (
    <div class="gw-test">
      <div class="gw-test-row">
        {address ? (
          <TextField
            label={address.label}
            type={address.type}
            inputMode={address.type}
            autoComplete="off"
            placeholder={address.placeholder}
            maxLength={255}
            value={to}
            onValue={setTo}
            class="grow"
          />
        ) : null}
        <Button icon="forward" loading={busy} disabled={!!blocked} onClick={() => void send()}>
          {button}
        </Button>
      </div>
      {blocked ? <p class="field-hint">{blocked}</p> : null}
      <div aria-live="polite">
        {outcome?.kind === 'problem' ? <Alert tone="danger">{outcome.text}</Alert> : null}
        {outcome?.kind === 'result' ? (
          outcome.result.ok ? (
            <Alert tone="success" title={t('gatewayAdmin.test.ok')}>
              {t('gatewayAdmin.test.okDetail', { status: statusText(outcome.result.status) })}
              {outcome.result.detail ? <span class="gw-test-detail">{outcome.result.detail}</span> : null}
            </Alert>
          ) : (
            <Alert tone="danger" title={t('gatewayAdmin.test.failed', { status: statusText(outcome.result.status) })}>
              {outcome.result.detail ? <span class="gw-test-detail">{outcome.result.detail}</span> : null}
            </Alert>
          )
        ) : null}
      </div>
    </div>
  );
}
