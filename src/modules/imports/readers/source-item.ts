export interface SourceItem {
  at: string
  record?: unknown
  error?: { field: string; message: string }
}
