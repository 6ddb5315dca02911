/**
 * Calls under way (table `live_calls`): who called whom, from which client, which client
 * answered, where the call stands, who muted or held it. The call machine reads and writes a
 * call here at every step, so a call survives a restart of the backend (its clients reconnect
 * and carry on) and, later, can be served by whichever backend process a client reaches (SPEC 10).
 * Ended calls stay a while, for the voicemail their caller may leave, then go.
 */
import type { CallOutcome, CallState } from '../../src-shared/protocol/callProtocol';
import type { Db } from './database';

export interface LiveCall {
  id: string;
  callerId: string;
  /** The one client that placed the call: it carries the call (its id lasts across reconnections). */
  callerClientId: string;
  /** What the callee sees as the caller's number. */
  callerNumber: string;
  /** Null for an outside number, or the number of someone the caller does not see: nobody to connect to. */
  calleeId: string | null;
  /** What the caller reached: an E.164 number or an extension. */
  calleeNumber: string;
  state: CallState;
  /** The caller's outcome, once ended. */
  outcome: CallOutcome | null;
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  /** The callee's client that answered. */
  answeredClientId: string | null;
  mutedBy: string[];
  /** Who put the call on hold (only they resume it), or null. */
  heldBy: string | null;
  voicemailLeft: boolean;
  /** When the ringing ends (no answer), or the simulated outside party answers. */
  deadline: number | null;
}

interface Row {
  id: string;
  caller_id: string;
  caller_client: string;
  caller_number: string;
  callee_id: string | null;
  callee_number: string;
  state: CallState;
  outcome: CallOutcome | null;
  started_at: number;
  connected_at: number | null;
  ended_at: number | null;
  answered_client: string | null;
  muted_by: string;
  held_by: string | null;
  voicemail_left: number;
  deadline: number | null;
}

function fromRow(row: Row): LiveCall {
  return {
    id: row.id,
    callerId: row.caller_id,
    callerClientId: row.caller_client,
    callerNumber: row.caller_number,
    calleeId: row.callee_id,
    calleeNumber: row.callee_number,
    state: row.state,
    outcome: row.outcome,
    startedAt: row.started_at,
    connectedAt: row.connected_at,
    endedAt: row.ended_at,
    answeredClientId: row.answered_client,
    mutedBy: JSON.parse(row.muted_by) as string[],
    heldBy: row.held_by,
    voicemailLeft: row.voicemail_left === 1,
    deadline: row.deadline,
  };
}

function toRow(call: LiveCall): Row {
  return {
    id: call.id,
    caller_id: call.callerId,
    caller_client: call.callerClientId,
    caller_number: call.callerNumber,
    callee_id: call.calleeId,
    callee_number: call.calleeNumber,
    state: call.state,
    outcome: call.outcome,
    started_at: call.startedAt,
    connected_at: call.connectedAt,
    ended_at: call.endedAt,
    answered_client: call.answeredClientId,
    muted_by: JSON.stringify(call.mutedBy),
    held_by: call.heldBy,
    voicemail_left: call.voicemailLeft ? 1 : 0,
    deadline: call.deadline,
  };
}

export class LiveCallStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare('SELECT * FROM live_calls WHERE id = ?'),
      save: db.prepare(
        `INSERT INTO live_calls (id, caller_id, caller_client, caller_number, callee_id, callee_number, state, outcome, started_at, connected_at, ended_at, answered_client, muted_by, held_by, voicemail_left, deadline)
         VALUES (@id, @caller_id, @caller_client, @caller_number, @callee_id, @callee_number, @state, @outcome, @started_at, @connected_at, @ended_at, @answered_client, @muted_by, @held_by, @voicemail_left, @deadline)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, outcome = excluded.outcome, connected_at = excluded.connected_at, ended_at = excluded.ended_at,
           answered_client = excluded.answered_client, muted_by = excluded.muted_by, held_by = excluded.held_by, voicemail_left = excluded.voicemail_left, deadline = excluded.deadline`,
      ),
      liveOf: db.prepare("SELECT * FROM live_calls WHERE state <> 'ended' AND (caller_id = @userId OR callee_id = @userId) AND id <> @except LIMIT 1"),
      live: db.prepare("SELECT * FROM live_calls WHERE state <> 'ended'"),
      carriedBy: db.prepare("SELECT * FROM live_calls WHERE (caller_id = @userId AND caller_client = @clientId) OR (callee_id = @userId AND answered_client = @clientId) ORDER BY started_at DESC LIMIT 1"),
      ringingFor: db.prepare("SELECT * FROM live_calls WHERE state = 'ringing' AND callee_id = ?"),
      forget: db.prepare("DELETE FROM live_calls WHERE state = 'ended' AND ended_at < ?"),
    };
  }

  get(callId: string): LiveCall | undefined {
    const row = this.statements.get.get(callId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  save(call: LiveCall): void {
    this.statements.save.run(toRow(call));
  }

  /** The call a person is in (dialing, ringing or connected), if any, other than `except`. */
  liveCallOf(userId: string, except = ''): LiveCall | undefined {
    const row = this.statements.liveOf.get({ userId, except }) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Every call not ended yet (after a restart: their timers are set again). */
  liveCalls(): LiveCall[] {
    return (this.statements.live.all() as Row[]).map(fromRow);
  }

  /** The latest call this client placed or answered (ended ones included, while kept). */
  carriedBy(userId: string, clientId: string): LiveCall | undefined {
    const row = this.statements.carriedBy.get({ userId, clientId }) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Calls ringing for a person now. */
  ringingFor(userId: string): LiveCall[] {
    return (this.statements.ringingFor.all(userId) as Row[]).map(fromRow);
  }

  /** Forgets calls that ended before `before` (their voicemail window is over). */
  forgetEndedBefore(before: number): void {
    this.statements.forget.run(before);
  }
}
