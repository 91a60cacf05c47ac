import { css } from 'lit';

// Styles of the `qa` layout, adopted when its module loads (on demand).
// - Answers hang off a rule under their question, indented by half an avatar, so the thread reads
//   as one unit without nesting cards in cards.
export const qaStyles = css`
  .qa {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gap) * 2);
  }
  .qa-heading {
    margin: 0 0.25em var(--_gap);
    font-size: 0.8em;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--_muted);
  }
  .threads,
  .answers {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .answers {
    gap: calc(var(--_gap) * 0.6);
    margin: calc(var(--_gap) * 0.6) 0 0;
    margin-inline-start: calc(var(--_avatar) / 2 + 1em);
    padding-inline-start: var(--_gap);
    border-inline-start: 2px solid var(--_border);
  }
  .layout-qa .post.answer {
    font-size: 0.93em;
    box-shadow: none;
    --_avatar: calc(var(--chat-wall-avatar-size, 44px) * 0.8);
  }
  .layout-qa .post .badge {
    flex: none;
    align-self: flex-start;
    min-width: 2.4em;
    text-align: center;
    font-weight: 800;
    padding: 0.2em 0.45em;
    border-radius: 8px;
    background: var(--_accent-soft);
    color: color-mix(in srgb, var(--_accent) 60%, var(--_text));
  }
  .layout-qa .post.current {
    border-color: var(--_accent);
    box-shadow:
      0 0 0 1px var(--_accent),
      var(--_shadow);
  }
  .layout-qa .post.current .badge {
    background: var(--_accent);
    color: var(--_surface);
  }
`;
