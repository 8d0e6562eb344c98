/**
 * Test helpers for privacy: wait for a request to reach a status (a condition, not a sleep), download an export's
 * archive through its signed link, and read the archive's entries.
 */
import type { PrivacyRequest } from "@toolboxai/shared";
import request from "supertest";
import yauzl from "yauzl";
import type { TestApp } from "../../../http/__tests__/harness";
import { bearer } from "../../tenancy/__tests__/tenancy-fixtures";

export async function waitForRequest(t: TestApp, token: string, requestId: string, status: PrivacyRequest["status"], timeoutMs = 90_000): Promise<PrivacyRequest> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await request(t.app).get(`/v1/privacy/requests/${requestId}`).set(bearer(token));
		if (res.status !== 200) throw new Error(`getPrivacyRequest answered ${res.status}: ${JSON.stringify(res.body)}`);
		if (res.body.status === status) return res.body as PrivacyRequest;
		if (Date.now() > deadline) {
			const failures = t.logs.filter((line) => line.requestId === requestId && line.msg?.includes("step failed")).slice(-1);
			throw new Error(`request still ${res.body.status} (want ${status}): ${JSON.stringify(res.body.steps)} ${JSON.stringify(failures)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** The archive's bytes, fetched the way a browser does: the download operation, then its signed link. */
export async function downloadArchive(t: TestApp, token: string, requestId: string): Promise<Buffer> {
	const link = await request(t.app).post(`/v1/privacy/requests/${requestId}/download`).set(bearer(token));
	if (link.status !== 200) throw new Error(`downloadPrivacyArchive answered ${link.status}: ${JSON.stringify(link.body)}`);
	const url = new URL(link.body.url as string);
	const file = await request(t.app)
		.get(`${url.pathname}${url.search}`)
		.buffer(true)
		.parse((res, done) => {
			const chunks: Buffer[] = [];
			res.on("data", (chunk: Buffer) => chunks.push(chunk));
			res.on("end", () => done(null, Buffer.concat(chunks)));
		});
	if (file.status !== 200) throw new Error(`the signed link answered ${file.status}`);
	return file.body as Buffer;
}

/** Every entry of a zip, name → what `read` makes of its text (the whole text by default). */
export function readZip<T = string>(zip: Buffer, read: (text: string) => T = (text) => text as T): Promise<Map<string, T>> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
			if (error || archive === undefined) return reject(error);
			const entries = new Map<string, T>();
			archive.on("entry", (entry: yauzl.Entry) => {
				archive.openReadStream(entry, (streamError, stream) => {
					if (streamError || stream === undefined) return reject(streamError);
					const chunks: Buffer[] = [];
					stream.on("data", (chunk: Buffer) => chunks.push(chunk));
					stream.on("end", () => {
						entries.set(entry.fileName, read(Buffer.concat(chunks).toString("utf8")));
						archive.readEntry();
					});
					stream.on("error", reject);
				});
			});
			archive.on("end", () => resolve(entries));
			archive.on("error", reject);
			archive.readEntry();
		});
	});
}
