import { z } from "zod";
import { button } from "./layout";
import { mailTemplate } from "./template";

const url = z.url({ protocol: /^https?$/ });
const schoolName = z.string().min(1).max(120);
const kind = z.enum(["access", "rectification", "erasure", "restriction"]);

export const privacyRequestRouted = mailTemplate({
	name: "privacy-request-routed",
	category: "essential",
	description: "Someone outside the school asked about a student's data: the school decides (we did nothing).",
	data: z.object({ schoolName, kind, robloxUserId: z.number().int().min(1), requesterEmail: z.string().min(3).max(320), privacyUrl: url }),
	fixture: {
		schoolName: "Maple Grove School",
		kind: "erasure",
		robloxUserId: 1234567,
		requesterEmail: "parent@family.example",
		privacyUrl: "https://toolboxai.school.example/privacy",
	},
	subject: "A data request about one of {{schoolName}}'s students",
	html: `<p>{{requesterEmail}} asked ToolBoxAI for <strong>{{kind}}</strong> of the data about the student with Roblox UserId {{robloxUserId}}. Your school decides about its students' data, so we have done nothing: check who is asking, then record the request on the Privacy page if it should go ahead, and answer them. The law gives you a month.</p>${button("privacyUrl", "Open the Privacy page")}`,
	text: "{{requesterEmail}} asked ToolBoxAI for {{kind}} of the data about the student with Roblox UserId {{robloxUserId}}. Your school decides about its students' data, so we have done nothing: check who is asking, then record the request on the Privacy page if it should go ahead, and answer them. The law gives you a month.\n\nOpen the Privacy page:\n{{privacyUrl}}",
	reason: "You receive this because you are an administrator of {{schoolName}} on ToolBoxAI.",
});

export const privacyRequestExtended = mailTemplate({
	name: "privacy-request-extended",
	category: "essential",
	description: "A data request was given more time (the one extension the law allows), with the reason.",
	data: z.object({ schoolName, extendedUntil: z.string().min(1).max(60), reason: z.string().min(1).max(500) }),
	fixture: { schoolName: "Maple Grove School", extendedUntil: "7 March 2027", reason: "The export covers five years of progress for a whole district." },
	subject: "Your data request to {{schoolName}} needs more time",
	html: '<p>Your data request to {{schoolName}} will be answered by {{extendedUntil}} at the latest. The reason:</p><p style="padding:12px;background:#f4f6fa;border-radius:6px;">{{reason}}</p>',
	text: "Your data request to {{schoolName}} will be answered by {{extendedUntil}} at the latest. The reason:\n\n{{reason}}",
	reason: "You receive this because you made a data request to {{schoolName}} on ToolBoxAI.",
});
