// The DirtyDays port: the marks a write leaves on a local day whose rollup it made stale (the daily stats and ROI
// keep marks of their own), as the jobs see them: which tenants have some, and forgetting those past retention.

export interface DirtyDays {
  /** The tenants with at least one marked day. */
  tenants(): Promise<string[]>;
  /** Forgets the marks of every day up to `day` ('YYYY-MM-DD', inclusive), in every tenant. */
  forgetThrough(day: string): Promise<void>;
}
