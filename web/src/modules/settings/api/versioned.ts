import { ApiError } from "@/lib/errors";

const STALE =
  "Someone else changed this meanwhile, so your change was not saved. The screen now shows their version: make your change again.";

/**
 * A mutation function for a write sent with `ifMatch(record.version)`. A 412 (someone changed the
 * record since the screen read it) is thrown again with a message saying so: the settings screens
 * refetch after every write, failed or not (`onSettled`), so they already show the other version.
 */
export function versioned<A, R>(write: (args: A) => Promise<R>): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await write(args);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) throw new ApiError(412, error.code, STALE, error.details, error.requestId);
      throw error;
    }
  };
}
