import { Connection, MessageType, ShowMessageNotification } from './protocol.ts';

/** Shows a message with window/showMessage (a notification: nothing waits for the user). */
export function showMessage(connection: Connection, type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}
