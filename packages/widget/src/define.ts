// Registers <chat-wall>. Kept apart from the class so that importing the class has no side effects.
import { ChatWall } from './chat-wall.js';

// A page may load two copies (embed script plus an app bundle): the first one wins, without throwing.
if (!customElements.get('chat-wall')) customElements.define('chat-wall', ChatWall);

declare global {
  interface HTMLElementTagNameMap {
    'chat-wall': ChatWall;
  }
}
