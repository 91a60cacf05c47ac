// axe-core on a rendered <chat-wall>, for the accessibility tests.
import axe from 'axe-core';
import type { ChatWall } from '../../src/chat-wall.js';

/** The violations axe finds in the element, one line per node, for a readable failure. */
export async function violations(el: ChatWall): Promise<string[]> {
  await el.updateComplete;
  const results = await axe.run(el, {
    // Landmarks belong to the host page, not to an embedded widget.
    rules: { region: { enabled: false } },
  });
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`),
  );
}
