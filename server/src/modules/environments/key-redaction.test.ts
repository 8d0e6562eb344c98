import { Writable } from "node:stream";
import { createLogger } from "../../logging/logger";

test("log lines never carry an Open Cloud key: request bodies and objects holding openCloudApiKey or apiKey are redacted", () => {
	const lines: string[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			lines.push(chunk.toString("utf8"));
			done();
		},
	});
	const logger = createLogger({ logLevel: "info" }, sink);
	logger.info({ req: { body: { name: "production", openCloudApiKey: "SECRET-KEY-1" } } }, "request");
	logger.info({ body: { openCloudApiKey: "SECRET-KEY-2" } }, "body");
	logger.info({ introspection: { apiKey: "SECRET-KEY-3" } }, "introspection");
	const text = lines.join("");
	expect(text).not.toMatch(/SECRET-KEY-\d/);
	expect(text.match(/\[redacted\]/g)).toHaveLength(3);
	expect(JSON.parse(lines[0] as string).req.body.name).toBe("production");
});
