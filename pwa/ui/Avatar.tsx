/** Initials of a person: the given name for Chinese names (last two characters), initials otherwise. */
export function Avatar({ name }: { name: string }) {
  const latin = /^[\x00-\x7f]+$/.test(name);
  const text = latin ? name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase() : name.slice(-2);
  return (
    <span class="avatar" aria-hidden="true">
      {text}
    </span>
  );
}
