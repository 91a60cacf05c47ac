import { css } from 'lit';

/** Dialogs, the settings form and the audit table: on top of {@linkcode consoleStyles}. */
export const formStyles = css`
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1.25rem 1.5rem;
    max-width: 32rem;
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 20px 50px rgb(16 24 40 / 25%);
  }
  dialog::backdrop {
    background: rgb(16 24 40 / 35%);
  }
  dialog h2 {
    margin-top: 0;
  }
  dialog .buttons {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  fieldset {
    border: 0;
    border-top: 1px solid var(--_border);
    margin: 0 0 0.5rem;
    padding: 0.5rem 0 0.75rem;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
    gap: 0 1.25rem;
  }
  fieldset:first-of-type {
    border-top: 0;
  }
  legend {
    font-weight: 700;
    padding: 0;
    margin-bottom: 0.25rem;
  }
  .field[data-field$='words'],
  .field[data-field$='regex'],
  .field[data-field$='allow'],
  .field[data-field$='block'],
  .field[data-field='mode'] {
    grid-column: 1 / -1;
  }
  table.audit {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9em;
  }
  table.audit th,
  table.audit td {
    text-align: start;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  table.audit th {
    color: var(--_muted);
    font-weight: 600;
  }
`;
