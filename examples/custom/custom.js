// A custom rendering on the SDK: the same live, moderated stream as <chat-wall>, drawn your way.
// The embed script also exports the SDK, so no build step is needed.
import { connectWall } from '/embed/chat-wall.js';

const wall = connectWall({ server: location.origin, tag: 'askGMP' });
const status = document.getElementById('status');
const latest = document.getElementById('latest');
const people = document.getElementById('people');

const labels = {
  connecting: 'Connecting…',
  live: '● Live',
  reconnecting: 'Reconnecting…',
  failed: 'Not available',
  closed: 'Closed',
};

wall.on('status', ({ state, error }) => {
  status.textContent = labels[state] ?? state;
  status.title = error?.message ?? '';
});

// Redraw from state on every change. Remote text only ever goes into textContent.
wall.on('state', (state) => {
  const questions = state.posts.filter((p) => p.text.includes('?'));
  const newest = questions[0] ?? state.posts[0];
  if (newest) {
    const cite = document.createElement('cite');
    cite.textContent = `${newest.author.name} (@${newest.author.handle})`;
    latest.replaceChildren(newest.text, cite);
  }

  const counts = new Map();
  for (const post of state.posts) {
    const key = post.author.handle;
    counts.set(key, { name: post.author.name, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  const top = [...counts.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 5);
  people.replaceChildren(
    ...top.map(([handle, { name, n }]) => {
      const li = document.createElement('li');
      li.textContent = `${name} (@${handle}): ${n} post${n === 1 ? '' : 's'}`;
      return li;
    }),
  );
});
