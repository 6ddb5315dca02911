import { useEffect } from 'react';
import { useAppStore } from '../../store/appStore';
import { ErrorToast } from '../shell/ErrorToast';
import { MeetingInvitationDialog } from './MeetingInvitationDialog';
import './meetings.css';

/** What meetings show over every section: invitations, and why a meeting could not be joined. Loads the meetings. */
export function MeetingOverlays() {
  const loadMeetings = useAppStore((state) => state.loadMeetings);
  const resetMeetings = useAppStore((state) => state.resetMeetings);
  const meetingError = useAppStore((state) => state.meetingError);
  const clearMeetingError = useAppStore((state) => state.clearMeetingError);
  const section = useAppStore((state) => state.section);

  useEffect(() => {
    void loadMeetings();
    return () => resetMeetings();
  }, [loadMeetings, resetMeetings]);

  return (
    <>
      {meetingError && section !== 'meetings' && <ErrorToast message={meetingError} onDismiss={clearMeetingError} />}
      <MeetingInvitationDialog />
    </>
  );
}
