import { css } from 'lit';

/** The producer view: program and next monitors over the transport, approved posts beside the rundown. */
export const producerStyles = css`
  .monitors {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: 0.75rem;
    margin-bottom: 0.75rem;
  }
  .monitor {
    border-radius: var(--_radius);
    border: 2px solid var(--_border);
    background: var(--_surface);
    padding: 0.75rem 1rem 1rem;
    min-height: 9rem;
  }
  .monitor h2 {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0 0 0.5rem;
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--_muted);
  }
  .monitor.program[data-on-air='true'] {
    border-color: var(--_danger);
  }
  .monitor.program[data-on-air='true'] h2 {
    color: var(--_danger);
  }
  .tally {
    width: 0.7em;
    height: 0.7em;
    border-radius: 50%;
    background: var(--_border);
  }
  [data-on-air='true'] .tally {
    background: var(--_danger);
  }
  .monitor .clock {
    margin-inline-start: auto;
    font:
      700 1rem/1 ui-monospace,
      SFMono-Regular,
      Menlo,
      monospace;
    color: var(--_text);
  }
  .monitor .post {
    box-shadow: none;
    border: 0;
    padding: 0;
  }
  .monitor.program .text {
    font-size: 1.35rem;
    line-height: 1.35;
  }
  .monitor .by {
    margin: 0.5rem 0 0;
  }
  .transport {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-bottom: 1rem;
  }
  .transport button {
    padding: 0.5em 1.1em;
    font-weight: 650;
  }
  .transport button kbd {
    margin-inline-start: 0.4em;
  }
  .transport button.take {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  .transport button.take kbd {
    background: transparent;
    color: #fff;
    border-color: rgb(255 255 255 / 0.6);
  }
  .auto {
    margin-inline-start: auto;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.9em;
  }
  .auto label {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    margin: 0;
    font-weight: 600;
  }
  .auto input[type='number'] {
    width: 4.5em;
    padding: 0.25em 0.4em;
  }
  .auto select {
    width: auto;
    padding: 0.25em 0.4em;
  }
  .columns {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 1rem;
    align-items: start;
  }
  .column h2 {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  .column[data-active='true'] h2 {
    color: var(--_accent);
  }
  .column ol.posts {
    gap: 0.5rem;
    min-height: 4rem;
  }
  .column .post {
    padding: 0.6rem 0.75rem;
    cursor: grab;
  }
  .column .post .text {
    margin-bottom: 0.35rem;
  }
  /* The keys are in the side panel; the buttons stay one line. */
  .column .actions kbd {
    display: none;
  }
  /* The other column keeps its selection, quietly. */
  .column[data-active='false'] .post[aria-current='true'] {
    border-color: var(--_border);
    border-style: dashed;
    box-shadow: none;
  }
  .rundown-list {
    border: 2px dashed transparent;
    border-radius: var(--_radius);
  }
  .rundown-list[data-drop='true'] {
    border-color: var(--_accent);
  }
  .rundown-list li[data-drop-before='true'] {
    box-shadow: 0 -3px 0 var(--_accent);
  }
  .post[data-on-air='true'] {
    border-color: var(--_danger);
  }
  .cue {
    font-size: 0.75em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_danger);
  }
  .cue.next {
    color: var(--_ok);
  }
  @media (max-width: 800px) {
    .monitors,
    .columns {
      grid-template-columns: 1fr;
    }
  }
`;
