import { mkdir, mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The file a spool writes to: made on first use in a folder of its own under `dir` (the run's spool folder; default
 * the OS temp folder), so that deleting it leaves nothing behind whatever else shares `dir`.
 */
export class SpoolFile {
    private file: Promise<FileHandle> | undefined;
    private folder: string | undefined;

    constructor(
        private readonly dir: string | undefined,
        /** The folder's prefix, for whoever looks in the spool folder. */
        private readonly prefix: string,
        private readonly name: string
    ) {}

    handle(): Promise<FileHandle> {
        this.file ??= (async () => {
            const base = this.dir ?? tmpdir();
            await mkdir(base, { recursive: true });
            this.folder = await mkdtemp(join(base, `${this.prefix}-`));
            return open(join(this.folder, this.name), 'w+');
        })();
        return this.file;
    }

    /** Closes and deletes the file and its folder; a later handle() makes a new one. */
    async delete(): Promise<void> {
        const file = this.file;
        this.file = undefined;
        if (!file) return;
        const handle = await file.catch(() => undefined);
        await handle?.close().catch(() => undefined);
        if (this.folder) await rm(this.folder, { recursive: true, force: true });
        this.folder = undefined;
    }
}
