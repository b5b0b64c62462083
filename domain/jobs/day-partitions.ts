// The DayPartitions port: the raw events kept in whole UTC days, so retention drops a day at once instead of
// deleting its rows, and the days ahead exist before their events arrive.

export interface DayPartitions {
  /**
   * Drops every day before `day` ('YYYY-MM-DD', exclusive) with the ids of its events: an id is known while its
   * event is kept, so a copy sent after its day is gone is a new event. Returns the days dropped and the events
   * they held.
   */
  dropBefore(day: string): Promise<{ days: string[]; rows: number }>;
  /** Makes the days from `from`'s UTC day through `days` days after it; returns the days it had to create. */
  createAhead(from: Date, days: number): Promise<string[]>;
}
