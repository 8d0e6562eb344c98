import { AppError } from "../errors/app-error";
import { cursorCodec } from "./cursor";

const classes = cursorCodec<{ createdAt: string; id: string }>("c1", { createdAt: "timestamp", id: "uuid" });
const steps = cursorCodec<{ studentUserId: string; stepId: string }>("p1", { studentUserId: "uuid", stepId: "text" });

function refused(decode: () => unknown): void {
	expect(decode).toThrow(AppError);
	try {
		decode();
	} catch (error) {
		expect((error as AppError).code).toBe("bad_request");
	}
}

describe("cursorCodec", () => {
	it("gives back the position it encoded, microseconds and odd text included", () => {
		const position = { createdAt: "2026-12-07T10:11:12.123456Z", id: "0b6c7c1e-3a52-4d6e-9f1a-2b3c4d5e6f70" };
		const cursor = classes.encode(position);
		expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(classes.decode(cursor)).toEqual(position);
		const step = { studentUserId: "0b6c7c1e-3a52-4d6e-9f1a-2b3c4d5e6f70", stepId: 'шаг|1 "q" 🙂' };
		expect(steps.decode(steps.encode(step))).toEqual(step);
	});

	it("refuses another list's cursor, a wrong field and garbage", () => {
		const stepCursor = steps.encode({ studentUserId: "0b6c7c1e-3a52-4d6e-9f1a-2b3c4d5e6f70", stepId: "s1" });
		refused(() => classes.decode(stepCursor));
		refused(() => classes.decode(classes.encode({ createdAt: "yesterday", id: "0b6c7c1e-3a52-4d6e-9f1a-2b3c4d5e6f70" })));
		refused(() => classes.decode(classes.encode({ createdAt: "2026-12-07T10:11:12.123456Z", id: "not-a-uuid" })));
		refused(() => classes.decode("%%%"));
		refused(() => classes.decode(Buffer.from('["c1"]').toString("base64url")));
		refused(() => classes.decode(Buffer.from("{").toString("base64url")));
		refused(() => classes.decode("A".repeat(513)));
	});
});
