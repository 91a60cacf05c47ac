import { css } from 'lit';

// (Comments stay out of the css`` templates: they would ship in the embed bundle.)
// - The countdown's digits are tabular so the clock does not jitter as it ticks.
// - Answers hang off a rule under their question, indented by half an avatar, so the thread reads
//   as one unit without nesting cards in cards.
export const sessionStyles = css`
  .session {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: 1.2em 1.4em;
    margin-bottom: var(--_gap);
  }
  .session p,
  .session h2 {
    margin: 0;
  }
  .session .kicker {
    font-size: 0.78em;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: color-mix(in srgb, var(--_accent) 60%, var(--_text));
  }
  .session .session-title {
    font-size: 1.6em;
    font-weight: 750;
    letter-spacing: -0.01em;
    line-height: 1.2;
    margin-top: 0.2em;
  }
  .session .when,
  .session .description,
  .session .take-part {
    margin-top: 0.5em;
    color: var(--_muted);
  }
  .session .description {
    color: var(--_text);
  }
  .session .countdown {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.35em;
    margin-top: 0.8em;
    font-size: 1.3em;
    font-weight: 650;
  }
  .session .countdown .clock {
    font-size: 1.6em;
    font-weight: 800;
    font-variant-numeric: tabular-nums;
    color: color-mix(in srgb, var(--_accent) 75%, var(--_text));
    margin-inline-start: 0.3em;
  }
  .session .recap {
    margin-top: 0.9em;
  }
  .session .recap a {
    display: inline-block;
    font-weight: 650;
    padding: 0.45em 1.1em;
    border-radius: 999px;
    border: 1px solid var(--_accent);
    text-decoration: none;
  }
  .session .recap a:hover {
    background: var(--_accent-soft);
  }
  .session.live {
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding: 0.6em 1em;
  }
  .session.live .session-title {
    font-size: 1em;
    margin: 0;
  }
  .session .live-dot {
    flex: none;
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: #e5484d;
    box-shadow: 0 0 0 3px color-mix(in srgb, #e5484d 25%, transparent);
  }
  .layout-overlay .session {
    background: color-mix(in srgb, var(--_surface) 92%, transparent);
    max-width: 1200px;
    font-size: 0.8em;
  }
`;

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
