import type { ComponentChildren } from 'preact';

export function Card({
  title,
  description,
  actions,
  children,
  flush,
  class: cls,
  headingLevel = 2,
}: {
  title?: ComponentChildren;
  description?: ComponentChildren;
  actions?: ComponentChildren;
  children?: ComponentChildren;
  flush?: boolean;
  class?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class={`card ${flush ? 'card-flush' : ''} ${cls ?? ''}`}>
      {title || actions ? (
        <header class="card-head">
          <div class="grow">
            {title ? <Heading class="card-title">{title}</Heading> : null}
            {description ? <p class="card-desc">{description}</p> : null}
          </div>
          {actions ? <div class="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children !== null && children !== undefined && children !== false ? <div class="card-body">{children}</div> : null}
    </section>
  );
}
