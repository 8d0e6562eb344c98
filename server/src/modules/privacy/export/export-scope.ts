/**
 * Whose data an export copies: one person of the school (a student or a staff member), or the whole school.
 * For one person, everyone else in the archive is masked; a whole-school export is the school's own data and
 * names its people (the school is the controller of it).
 */
export interface ExportScope {
	readonly tenantId: string;
	readonly subject: { readonly kind: "person"; readonly userId: string; readonly email: string | null; readonly robloxUserId: string | null } | { readonly kind: "school" };
}

/** The subject's user id, or null for the whole school: the `$2` every data kind's query filters by. */
export function subjectUserId(scope: ExportScope): string | null {
	return scope.subject.kind === "person" ? scope.subject.userId : null;
}
