import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, apiKeyActor, auditSentence, isUuid, type AuditNames } from "@toolboxai/shared/node";

const SERVER_SRC = join(__dirname, "../..");

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === "__tests__" ? [] : sourceFiles(path);
		return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
	});
}

/**
 * Every dotted action literal in a file that records audit events: in `action: "..."`, in a ternary that picks
 * one, or in a variable that becomes the action. Read from the source, so an action added anywhere is found.
 */
function recordedActions(): Map<string, string> {
	const found = new Map<string, string>();
	for (const file of sourceFiles(SERVER_SRC)) {
		const source = readFileSync(file, "utf8");
		if (!source.includes("recordAudit(") || file.endsWith("record-audit.ts")) continue;
		for (const statement of source.match(/action\s*[:=][^;\n]*(?:\n[^;\n]*){0,2}/g) ?? []) {
			for (const [, action] of statement.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) found.set(action as string, file.slice(SERVER_SRC.length + 1));
		}
	}
	return found;
}

const NAMES: AuditNames = { actor: "Ana Lopez", target: "Period 3", targetKnown: true, lesson: "Fractions", person: "Sam Lee", environment: "production", release: "release 4" };
const ID = "2b1c8f0e-1111-4000-8000-000000000000";
const DETAILS = {
	lessonId: ID,
	studentUserId: ID,
	environmentId: ID,
	releaseId: ID,
	version: "1.2.0",
	number: 4,
	scopes: ["runtime:read"],
	before: ["teacher"],
	after: ["tenant_admin"],
	role: "teacher",
	reason: "wrong_password",
	fields: ["name"],
	name: "production",
	client: "browser",
	ended: 2,
	lockedForSeconds: 900,
	dryRun: false,
};

describe("audit sentences", () => {
	it("every action the service records has a sentence (a new recordAudit action fails here until it is one line in AUDIT_ACTIONS)", () => {
		const recorded = recordedActions();
		// The scan itself works: it finds actions picked by a ternary and by a variable.
		expect([...recorded.keys()]).toEqual(expect.arrayContaining(["auth.login", "class.archived", "class.restored", "lesson.archived", "rollback.started", "device.denied"]));
		const missing = [...recorded].filter(([action]) => !AUDIT_ACTION_NAMES.includes(action as never)).map(([action, file]) => `${action} (${file})`);
		expect(missing).toEqual([]);
	});

	it("each sentence reads as one sentence with the names it is given, and no id or code", () => {
		for (const action of AUDIT_ACTION_NAMES) {
			const sentence = auditSentence(action, NAMES, DETAILS);
			expect({ action, sentence }).toEqual({ action, sentence: expect.stringMatching(/^[A-Z].*\.$/) });
			expect({ action, sentence }).not.toEqual({ action, sentence: expect.stringMatching(/undefined|null|\[object|_/) });
			expect(sentence.split(/[\s,()‘’.]+/).filter(isUuid)).toEqual([]);
			expect(AUDIT_ACTIONS[action].label.length).toBeGreaterThan(0);
		}
		// Without details (an older event) it still reads.
		for (const action of AUDIT_ACTION_NAMES) expect(auditSentence(action, NAMES)).not.toMatch(/undefined|null/);
	});

	it("says who with names, and a key as what uses it", () => {
		expect(auditSentence("auth.login", NAMES)).toBe("Ana Lopez signed in.");
		expect(auditSentence("class.archived", NAMES)).toBe("Ana Lopez archived the class Period 3.");
		expect(auditSentence("class.archived", { ...NAMES, target: "a class since deleted", targetKnown: false })).toBe("Ana Lopez archived a class since deleted.");
		expect(auditSentence("class.assignment_added", NAMES, DETAILS)).toBe("Ana Lopez assigned Fractions to Period 3.");
		expect(auditSentence("member.role_changed", NAMES, DETAILS)).toBe("Ana Lopez changed the roles of Period 3 from teacher to school admin.");
		const key = apiKeyActor("Lab key", ["runtime:read", "classes:join"]);
		expect(key).toBe("a game server using key ‘Lab key’");
		expect(auditSentence("class.student_joined", { ...NAMES, actor: key }, DETAILS)).toBe("Sam Lee joined Period 3 through a game server using key ‘Lab key’.");
		expect(apiKeyActor("CI", ["deployments:write"])).toBe("a tool using key ‘CI’");
		expect(auditSentence("some.future_thing", NAMES)).toBe("Ana Lopez: some future thing.");
	});
});
