import { css } from 'lit';

// Styles of the `grid` and `masonry` layouts, adopted when their module loads (on demand).
// (Comments stay out of the css`` templates: they would ship in the embed bundle.)
// - The frame is a size container, so the type follows the wall's width: 1.5% of it, 28-29px on a
//   1920px-wide screen (cap height about 13 mm on a 55" 1080p panel, legible from 3 m), times
//   `scale` (`--_scale`) for larger rooms or smaller screens.
// - Logical properties only (inline/block), so the layouts mirror in right-to-left languages.
// - Grid cards are equal: rows share the tallest card's height, the text is clamped to a few lines
//   and media take the card's full width at 16:9 (the large view).
export const venueStyles = css`
  .layout-grid,
  .layout-masonry {
    container-type: inline-size;
    padding: 0;
  }
  .venue {
    font-size: calc(var(--chat-wall-font-size, clamp(15px, 1.5cqi, 96px)) * var(--_scale, 1));
    --_avatar: var(--chat-wall-avatar-size, 2.4em);
    --_vgap: calc(var(--chat-wall-gap, 0.75em) * var(--_scale, 1));
    padding: var(--_vgap);
  }
  .venue .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_vgap);
    padding-block-end: var(--_vgap);
  }
  .venue .title {
    margin: 0;
    font-size: 1.4em;
    font-weight: 750;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(17em, 100%), 1fr));
    grid-auto-rows: 1fr;
    gap: var(--_vgap);
  }
  .masonry {
    display: grid;
    grid-template-columns: repeat(var(--_columns, 1), minmax(0, 1fr));
    column-gap: var(--_vgap);
    align-items: start;
  }
  .masonry .column {
    display: flex;
    flex-direction: column;
    gap: var(--_vgap);
    min-inline-size: 0;
  }
  .venue .card {
    display: flex;
    flex-direction: column;
    gap: 0.4em;
    min-inline-size: 0;
    padding-block: 0.8em;
    padding-inline: 0.9em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    overflow: hidden;
  }
  .venue .card[data-highlighted],
  .venue .card[part~='on-air'] {
    border-color: var(--_accent);
    box-shadow:
      0 0 0 2px var(--_accent),
      var(--_shadow);
  }
  .venue .card[data-pinned] {
    background: linear-gradient(var(--_accent-soft), var(--_accent-soft)), var(--_surface);
  }
  .venue .card-head {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-inline-size: 0;
  }
  .venue .card-head .author {
    flex-wrap: wrap;
    row-gap: 0;
    font-size: 0.85em;
  }
  .venue .card-head .name {
    flex-basis: 100%;
    font-size: 1.15em;
  }
  .venue .card .sep {
    display: none;
  }
  .venue .card .body {
    margin: 0;
  }
  .grid .card .body {
    display: -webkit-box;
    -webkit-line-clamp: 5;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .venue .card .media {
    margin-block-start: auto;
  }
  .venue .card .marks {
    margin: 0;
  }
`;
