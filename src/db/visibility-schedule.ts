/** When, after a given time, time alone next changes what readers see; null: nothing scheduled. */
export type ScheduleSource = (after: Date) => Promise<Date | null>

/**
 * The moments at which content becomes visible or hidden without a write: a story's publication
 * time, a slot item's window. Each module registers a source for its own tables; whoever keeps
 * answers (the response cache) asks for the next moment and lets nothing outlive it.
 */
export class VisibilitySchedule {
  private readonly sources: ScheduleSource[] = []

  register(source: ScheduleSource): void {
    this.sources.push(source)
  }

  async next(after: Date): Promise<Date | null> {
    const times = await Promise.all(this.sources.map((source) => source(after)))
    let next: Date | null = null
    for (const time of times) if (time !== null && (next === null || time < next)) next = time
    return next
  }
}
