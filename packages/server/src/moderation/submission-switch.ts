import { AuditAction, ErrorCode, type AuditEntry } from '@chat-wall/sdk/protocol';
import type { Moderator } from '../auth/tokens.js';
import { RequestError } from '../request-error.js';
import type { Wall, WallRegistry } from '../wall/wall-registry.js';
import { changeableWall } from './covered-wall.js';

/** Whether a wall's config lets its audience send questions at all. */
function takesQuestions(wall: Wall): boolean {
  return (wall.config.sources as readonly string[]).includes('native');
}

/**
 * The switch that opens and closes a wall's audience questions at run time. Its state is wall
 * state (`wall.submissions` through `wall.updated`), so the `ask` form on every screen shows it at
 * once, and it survives restarts; each change is audited.
 */
export class SubmissionSwitch {
  constructor(
    private readonly walls: WallRegistry,
    private readonly now: () => number,
    /** Tells moderators about each audited change. */
    private readonly announce: (entry: AuditEntry) => void,
  ) {}

  /**
   * Gives each wall that takes questions its switch, set from the config
   * (`walls[].submissions.open`), when its log has none yet. Once in the log, the switch is
   * managed at run time; a restart with the same config changes nothing. A wall whose config no
   * longer lists `"native"` has its switch closed.
   */
  async seed(): Promise<void> {
    for (const wall of this.walls.all()) {
      const current = wall.log.snapshot.wall.submissions;
      const open = takesQuestions(wall) ? (current?.open ?? wall.config.submissions?.open ?? true) : false;
      if (current?.open === open || (!current && !takesQuestions(wall))) continue;
      await wall.log.commit([{ type: 'wall.updated', wall: { submissions: { open } } }], {});
    }
  }

  async set(moderator: Moderator, rawTag: string, open: boolean): Promise<{ submissions: { open: boolean } }> {
    const wall = changeableWall(moderator, rawTag, (tag) => this.walls.get(tag), 'open or close questions');
    const tag = wall.config.tag;
    if (!takesQuestions(wall)) {
      throw new RequestError({
        code: ErrorCode.Conflict,
        message: `The wall "${tag}" does not take questions: add "native" to its sources in the config.`,
        field: 'tag',
      });
    }
    if (wall.log.snapshot.wall.submissions?.open === open) return { submissions: { open } };
    const { audit } = await wall.log.commit([{ type: 'wall.updated', wall: { submissions: { open } } }], {
      audit: [
        {
          tag,
          at: new Date(this.now()).toISOString(),
          actor: moderator.name,
          action: open ? AuditAction.SubmissionsOpen : AuditAction.SubmissionsClose,
        },
      ],
    });
    this.announce(audit[0]!);
    return { submissions: { open } };
  }
}
