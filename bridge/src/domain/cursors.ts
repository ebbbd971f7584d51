/** A keyset position: everything at or before (ts, id) was processed; `skip` counts rows already taken at `ts`. */
export interface CursorValue {
    ts: string;
    id?: string;
    skip?: number;
}
