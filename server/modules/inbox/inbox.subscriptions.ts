// What lands in people's inboxes from other modules' domain events. Texts are per language; each
// recipient reads their own. Security notices are 'high' so they stand out and later reach the phone.
import type { EventBus } from '../../core/events.js';
import type { Notification } from './inbox.service.js';

/** The gateway's deliver(), as far as account messages need it (the inbox module does not import the gateway). */
export interface AccountDeliverer {
  deliver(recipients: string[], message: Notification & { category: 'account' }): unknown;
}

const ROLE_NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  principal: { 'zh-CN': '校领导', en: 'School leader' },
  dept_head: { 'zh-CN': '部门负责人', en: 'Department head' },
  staff: { 'zh-CN': '教职工', en: 'Staff' },
  it: { 'zh-CN': '信息中心', en: 'IT' },
};

export function subscribeInbox(events: EventBus, inbox: AccountDeliverer, timeZone: () => string): void {
  const time = (iso: string, locale: 'zh-CN' | 'en') =>
    new Intl.DateTimeFormat(locale, { timeZone: timeZone(), hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

  events.on('org.person.created', ({ userId, actorName }) => {
    inbox.deliver([userId], {
      category: 'account',
      kind: 'account.welcome',
      title: { 'zh-CN': '欢迎使用校办', en: 'Welcome to xiaoban' },
      body: {
        'zh-CN': `你的账号${actorName ? `已由${actorName}` : '已'}创建。请在“我的”中查看个人信息，并开启两步验证保护账号。`,
        en: `Your account was created${actorName ? ` by ${actorName}` : ''}. Check your details under Profile and turn on two-step verification.`,
      },
      link: '/profile',
    });
  });

  events.on('org.role.granted', ({ userId, role, departmentName, actorName }) => {
    const name = ROLE_NAMES[role] ?? { 'zh-CN': role, en: role };
    const scope = departmentName ? { 'zh-CN': `（${departmentName}）`, en: ` (${departmentName})` } : { 'zh-CN': '', en: '' };
    if (role === 'staff') return;
    inbox.deliver([userId], {
      category: 'account',
      kind: 'account.role_granted',
      title: { 'zh-CN': `你已获得“${name['zh-CN']}${scope['zh-CN']}”权限`, en: `You are now ${name.en}${scope.en}` },
      body: { 'zh-CN': `由${actorName ?? '系统'}授予。`, en: `Granted by ${actorName ?? 'the system'}.` },
      link: '/admin',
    });
  });

  events.on('org.password.reset', ({ userId, actorName }) => {
    inbox.deliver([userId], {
      category: 'account',
      kind: 'security.password_reset',
      urgency: 'high',
      title: { 'zh-CN': '你的密码已被管理员重置', en: 'Your password was reset by an administrator' },
      body: { 'zh-CN': `${actorName ?? '管理员'}重置了你的密码，所有设备已退出登录。`, en: `${actorName ?? 'An administrator'} reset your password; all devices were signed out.` },
    });
  });

  events.on('auth.password.changed', ({ userId, device, ip }) => {
    inbox.deliver([userId], {
      category: 'account',
      kind: 'security.password_changed',
      urgency: 'high',
      title: { 'zh-CN': '你的密码已修改', en: 'Your password was changed' },
      body: {
        'zh-CN': `在 ${device}（${ip}）上修改。其他设备已退出登录。如非本人操作，请立即联系信息中心。`,
        en: `Changed on ${device} (${ip}). Other devices were signed out. If this was not you, contact IT at once.`,
      },
      link: '/profile',
    });
  });

  events.on('auth.account.locked', ({ userId, until, ip }) => {
    inbox.deliver([userId], {
      category: 'account',
      kind: 'security.account_locked',
      urgency: 'high',
      title: { 'zh-CN': '账户因多次密码错误被暂时锁定', en: 'Your account was locked after repeated wrong passwords' },
      body: {
        'zh-CN': `来自 ${ip} 的连续错误登录，账户锁定至 ${time(until, 'zh-CN')}。如非本人操作，请修改密码并联系信息中心。`,
        en: `Repeated failed sign-ins from ${ip}; locked until ${time(until, 'en')}. If this was not you, change your password and contact IT.`,
      },
      link: '/profile',
    });
  });

  events.on('auth.totp.changed', ({ userId, enabled, device }) => {
    inbox.deliver([userId], {
      category: 'account',
      kind: 'security.totp_changed',
      urgency: enabled ? 'normal' : 'high',
      title: enabled ? { 'zh-CN': '两步验证已开启', en: 'Two-step verification is on' } : { 'zh-CN': '两步验证已关闭', en: 'Two-step verification was turned off' },
      body: { 'zh-CN': `操作设备：${device}。`, en: `Device: ${device}.` },
      link: '/profile',
    });
  });
}
