// SQLSTATE classes of a lost or overloaded server (08 connection, 53 resources, 57 operator
// intervention such as a restart, 40 rollbacks), Node's socket errors, and pg's own messages.
const transientSqlState = /^(08|53|57|40)/;
const transientMessage = /Connection terminated|connection error|timeout exceeded when trying to connect/i;

/** Whether a failed read is worth retrying: the server or the connection went away for a while. */
export const isTransientError = (error: unknown): boolean => {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (transientSqlState.test(code) || /^E[A-Z]+$/.test(code))) return true;
  return typeof message === 'string' && transientMessage.test(message);
};
