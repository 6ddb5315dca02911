/**
 * Calls under way in SQLite (table `live_calls`): who called whom, from which client, which client
 * answered, where the call stands, who muted or held it. The call machine reads and writes a
 * call here at every step, so a call survives a restart of the backend (its clients reconnect
 * and carry on) and, later, can be served by whichever backend process a client reaches (SPEC 10).
 * Ended calls stay a while, for the voicemail their caller may leave, then go.
 */
import type { CallOutcome, CallState } from '../../../src-shared/protocol/callProtocol';
import type { LiveCall } from '../records';
import type { LiveCallRepository } from '../repositories';
import type { Db } from './database';

type Statement = ReturnType<Db['prepare']>;
/** The states a call may be in (the only words `transition` puts in its SQL). */
const callStates: readonly CallState[] = ['dialing', 'ringing', 'connected', 'ended'];


export interface LiveCallRow {
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
  voicemail_left: number | boolean;
  deadline: number | null;
}

export function liveCallFromRow(row: LiveCallRow): LiveCall {
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
    voicemailLeft: row.voicemail_left === 1 || row.voicemail_left === true,
    deadline: row.deadline,
  };
}

export function liveCallToRow(call: LiveCall): LiveCallRow {
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

export class SqliteLiveCallRepository implements LiveCallRepository {
  private readonly statements;
  /** One prepared statement per set of states a step may start from (a handful in all). */
  private readonly transitions = new Map<string, Statement>();

  constructor(db: Db) {
    this.statements = {
      get: db.prepare('SELECT * FROM live_calls WHERE id = ?'),
      save: db.prepare(
        `INSERT INTO live_calls (id, caller_id, caller_client, caller_number, callee_id, callee_number, state, outcome, started_at, connected_at, ended_at, answered_client, muted_by, held_by, voicemail_left, deadline)
         VALUES (@id, @caller_id, @caller_client, @caller_number, @callee_id, @callee_number, @state, @outcome, @started_at, @connected_at, @ended_at, @answered_client, @muted_by, @held_by, @voicemail_left, @deadline)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, outcome = excluded.outcome, connected_at = excluded.connected_at, ended_at = excluded.ended_at,
           answered_client = excluded.answered_client, muted_by = excluded.muted_by, held_by = excluded.held_by, voicemail_left = excluded.voicemail_left, deadline = excluded.deadline`,
      ),
      transition: (from: readonly CallState[]) =>
        db.prepare(
          `UPDATE live_calls SET state = @state, outcome = @outcome, connected_at = @connected_at, ended_at = @ended_at, answered_client = @answered_client,
             muted_by = @muted_by, held_by = @held_by, deadline = @deadline
           WHERE id = @id AND state IN (${from.map((state) => `'${state}'`).join(', ')})`,
        ),
      due: db.prepare("SELECT * FROM live_calls WHERE state = 'ringing' AND deadline <= ? ORDER BY deadline LIMIT ?"),
      claimVoicemail: db.prepare('UPDATE live_calls SET voicemail_left = 1 WHERE id = ? AND voicemail_left = 0'),
      liveOf: db.prepare("SELECT * FROM live_calls WHERE state <> 'ended' AND (caller_id = @userId OR callee_id = @userId) AND id <> @except LIMIT 1"),
      live: db.prepare("SELECT * FROM live_calls WHERE state <> 'ended'"),
      carriedBy: db.prepare("SELECT * FROM live_calls WHERE (caller_id = @userId AND caller_client = @clientId) OR (callee_id = @userId AND answered_client = @clientId) ORDER BY started_at DESC LIMIT 1"),
      ringingFor: db.prepare("SELECT * FROM live_calls WHERE state = 'ringing' AND callee_id = ?"),
      forget: db.prepare("DELETE FROM live_calls WHERE state = 'ended' AND ended_at < ?"),
    };
  }

  async get(callId: string): Promise<LiveCall | undefined> {
    const row = this.statements.get.get(callId) as LiveCallRow | undefined;
    return row ? liveCallFromRow(row) : undefined;
  }

  async save(call: LiveCall): Promise<void> {
    this.statements.save.run(liveCallToRow(call));
  }

  async transition(call: LiveCall, from: readonly CallState[]): Promise<boolean> {
    const known = from.filter((state) => callStates.includes(state));
    if (known.length === 0) return false;
    const key = known.join(',');
    let statement = this.transitions.get(key);
    if (!statement) this.transitions.set(key, (statement = this.statements.transition(known)));
    // Not voicemail_left: `claimVoicemail` alone sets it.
    const { id, state, outcome, connected_at, ended_at, answered_client, muted_by, held_by, deadline } = liveCallToRow(call);
    return statement.run({ id, state, outcome, connected_at, ended_at, answered_client, muted_by, held_by, deadline }).changes === 1;
  }

  async due(now: number, limit: number): Promise<LiveCall[]> {
    return (this.statements.due.all(now, limit) as LiveCallRow[]).map(liveCallFromRow);
  }

  async claimVoicemail(callId: string): Promise<boolean> {
    return this.statements.claimVoicemail.run(callId).changes === 1;
  }

  /** The call a person is in (dialing, ringing or connected), if any, other than `except`. */
  async liveCallOf(userId: string, except = ''): Promise<LiveCall | undefined> {
    const row = this.statements.liveOf.get({ userId, except }) as LiveCallRow | undefined;
    return row ? liveCallFromRow(row) : undefined;
  }

  /** Every call not ended yet (after a restart: their timers are set again). */
  async liveCalls(): Promise<LiveCall[]> {
    return (this.statements.live.all() as LiveCallRow[]).map(liveCallFromRow);
  }

  /** The latest call this client placed or answered (ended ones included, while kept). */
  async carriedBy(userId: string, clientId: string): Promise<LiveCall | undefined> {
    const row = this.statements.carriedBy.get({ userId, clientId }) as LiveCallRow | undefined;
    return row ? liveCallFromRow(row) : undefined;
  }

  /** Calls ringing for a person now. */
  async ringingFor(userId: string): Promise<LiveCall[]> {
    return (this.statements.ringingFor.all(userId) as LiveCallRow[]).map(liveCallFromRow);
  }

  /** Forgets calls that ended before `before` (their voicemail window is over). */
  async forgetEndedBefore(before: number): Promise<void> {
    this.statements.forget.run(before);
  }
}
