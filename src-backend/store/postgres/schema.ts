/** PostgreSQL's tables as Kysely sees them (./migrations.ts creates them): what the query builder checks queries against. */
import type { Generated } from 'kysely';

export interface Database {
  meta: { key: string; value: string };
  accounts: { id: string; name: string };
  users: {
    id: string;
    account_id: string;
    display_name: string;
    email: string;
    password_hash: string;
    title: string | null;
    department: string | null;
    extension: string | null;
    phone: string | null;
    mobile: string | null;
    chosen_presence: Generated<string>;
    seed_presence: string | null;
    status_message: string | null;
    status_expires_at: string | null;
    has_signed_in: Generated<boolean>;
    created_at: string;
    photo_id: Generated<string | null>;
    time_zone: Generated<string | null>;
  };
  user_photos: { id: string; user_id: string; content_type: string; bytes: Buffer; width: number; height: number; created_at: string };
  demo_people: { email: string };
  federations: { id: string; name: string; created_at: string };
  federation_accounts: { federation_id: string; account_id: string };
  conversations: {
    id: string;
    kind: string;
    name: string | null;
    topic: string | null;
    account_id: string | null;
    visibility: string | null;
    created_by: string | null;
    created_at: string;
    last_seq: Generated<number>;
    last_message_at: string | null;
    changes: Generated<number>;
  };
  conversation_members: {
    conversation_id: string;
    user_id: string;
    joined_at: string;
    last_read_seq: Generated<number>;
    muted: Generated<boolean>;
    notify: Generated<string>;
  };
  thread_members: { root_id: string; user_id: string; conversation_id: string; last_read_seq: Generated<number> };
  files: {
    id: string;
    conversation_id: string | null;
    uploader_id: string;
    name: string;
    size: number;
    content_type: string;
    created_at: string;
    attached: Generated<boolean>;
  };
  messages: {
    id: string;
    position: Generated<string>;
    conversation_id: string;
    seq: number;
    author_id: string;
    client_id: string | null;
    text: string;
    file_id: string | null;
    notice: string | null;
    created_at: string;
    edited_at: string | null;
    deleted: Generated<boolean>;
    thread_id: string | null;
    reply_count: Generated<number>;
    last_reply_at: string | null;
    search: unknown;
  };
  reactions: { message_id: string; emoji: string; user_id: string; created_at: string; position: Generated<string> };
  mentions: { message_id: string; user_id: string; conversation_id: string; seq: number };
  calls: {
    id: string;
    position: Generated<string>;
    call_id: string | null;
    user_id: string;
    direction: string;
    number: string;
    peer_user_id: string | null;
    at: string;
    outcome: string;
    duration_sec: number;
  };
  voicemails: {
    id: string;
    position: Generated<string>;
    user_id: string;
    from_number: string;
    from_user_id: string | null;
    at: string;
    duration_sec: number;
    transcript: string;
    note: Generated<string>;
    audio_file_id: string | null;
    listened: Generated<boolean>;
  };
  meetings: {
    id: string;
    conversation_id: string;
    kind: string;
    title: string;
    created_by: string;
    starts_at: string;
    duration_minutes: number;
    started_at: string | null;
    ended_at: string | null;
    created_at: string;
  };
  meeting_participants: {
    meeting_id: string;
    user_id: string;
    client_id: string;
    joined_at: string;
    muted: Generated<boolean>;
    camera: Generated<boolean>;
    screen: Generated<boolean>;
    lost_at: number | null;
  };
  sessions: { token_hash: string; user_id: string; client: string; created_at: string; last_used_at: string | null };
  audit_log: {
    id: Generated<string>;
    at: string;
    action: string;
    federation_id: string | null;
    operator: string | null;
    reason: string | null;
    detail: string;
  };
  live_calls: {
    id: string;
    caller_id: string;
    caller_client: string;
    caller_number: string;
    callee_id: string | null;
    callee_number: string;
    state: string;
    outcome: string | null;
    started_at: number;
    connected_at: number | null;
    ended_at: number | null;
    answered_client: string | null;
    muted_by: string;
    held_by: string | null;
    voicemail_left: boolean;
    deadline: number | null;
  };
  unknown_people: { conversation_id: string; viewer_account_id: string; user_id: string; number: number; token: string; retired_at: string | null };
}
