import { css } from 'lit';

// Styles of the session screens, adopted when they load (on demand, for walls with sessions).
// (Comments stay out of the css`` templates: they would ship in the embed bundle.)
// - The countdown's digits are tabular so the clock does not jitter as it ticks.
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
