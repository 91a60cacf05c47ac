import { css } from 'lit';

// Styles of the `overlay` layout, adopted when its module loads (on demand).
// Cards slide in from the inline start: from the right in right-to-left languages.
export const overlayStyles = css`
  .layout-overlay {
    --_avatar: var(--chat-wall-avatar-size, 72px);
    font-size: var(--chat-wall-font-size, 30px);
    display: flex;
    flex-direction: column;
    justify-content: flex-end;
    gap: var(--_gap);
    padding: calc(var(--_gap) * 2);
  }
  .layout-overlay .status {
    align-self: flex-end;
  }
  .layout-overlay .stage {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    max-width: 1200px;
  }
  .layout-overlay .card {
    display: flex;
    gap: 0.7em;
    align-items: flex-start;
    padding: 0.65em 0.9em;
    background: color-mix(in srgb, var(--_surface) 92%, transparent);
    border-radius: var(--_radius);
    box-shadow: 0 8px 30px rgb(0 0 0 / 25%);
    border-inline-start: 6px solid transparent;
  }
  .layout-overlay .card:not(.featured) {
    font-size: 0.8em;
  }
  .layout-overlay .card.featured {
    border-inline-start-color: var(--_accent);
  }
  .layout-overlay .content {
    flex: 1;
    min-width: 0;
  }
  .layout-overlay .empty {
    background: color-mix(in srgb, var(--_surface) 92%, transparent);
    border-radius: var(--_radius);
    font-size: 0.7em;
  }
  .layout-overlay .post {
    animation-name: chat-wall-slide-in;
    animation-duration: 500ms;
  }
  :host([dir='rtl']) .layout-overlay .post {
    animation-name: chat-wall-slide-in-rtl;
  }
  @keyframes chat-wall-slide-in {
    from {
      opacity: 0;
      transform: translateX(-40px);
    }
  }
  @keyframes chat-wall-slide-in-rtl {
    from {
      opacity: 0;
      transform: translateX(40px);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .layout-overlay .post {
      animation: none;
    }
  }
`;
