import type { Overview } from "@toolboxai/shared";
import { formatTime } from "../../format";
import { Link } from "../../router";
import { DEPLOYMENT_STATUS_WORDS } from "../deployment/deployment-words";
import { classLine, completionPercent, deploymentLabel } from "./overview-words";

/** The classes in scope, each with its numbers and a bar of how much is completed. */
export function ClassesSection({ overview }: { overview: Overview }) {
	const school = overview.scope === "school";
	return (
		<section aria-labelledby="classes-title" className="overview-section">
			<h2 id="classes-title">{school ? "Classes in your school" : "Your classes"}</h2>
			{overview.classes.length === 0 ? (
				<p className="muted">
					No classes yet. <Link href="/classes">Create one on the Classes page</Link>.
				</p>
			) : (
				<ul className="tiles overview-classes">
					{overview.classes.map((klass) => {
						const percent = completionPercent(klass);
						return (
							<li key={klass.id}>
								<Link href={`/classes/${klass.id}`}>{klass.name}</Link>
								{school && <span className="muted">Taught by {klass.teacherName}</span>}
								<span>{classLine(klass)}</span>
								{percent !== undefined && (
									<progress max={100} value={percent} aria-label={`${klass.name}: ${percent}% completed`}>
										{percent}%
									</progress>
								)}
							</li>
						);
					})}
				</ul>
			)}
			{overview.classesTotal > overview.classes.length && (
				<p>
					Showing the newest {overview.classes.length} of {overview.classesTotal}. <Link href="/classes">All classes</Link>
				</p>
			)}
		</section>
	);
}

export function LessonsSection({ overview }: { overview: Overview }) {
	return (
		<section aria-labelledby="lessons-title" className="overview-section">
			<h2 id="lessons-title">Recently published lessons</h2>
			{overview.recentlyPublished.length === 0 ? (
				<p className="muted">No lesson published in the last 30 days.</p>
			) : (
				<ul className="overview-list">
					{overview.recentlyPublished.map((lesson) => (
						<li key={lesson.lessonId}>
							<strong>{lesson.title}</strong>{" "}
							<span className="muted">
								version {lesson.version}, published {formatTime(lesson.publishedAt)}
							</span>
						</li>
					))}
				</ul>
			)}
		</section>
	);
}

export function DeploymentsSection({ overview }: { overview: Overview }) {
	return (
		<section aria-labelledby="deployments-title" className="overview-section">
			<h2 id="deployments-title">Deployments</h2>
			{overview.deployments.length === 0 ? (
				<p className="muted">
					No environments yet. <Link href="/deployments">Set one up on the Deployments page</Link>.
				</p>
			) : (
				<ul className="overview-list">
					{overview.deployments.map((environment) => (
						<li key={environment.environmentId}>
							<strong>{environment.environmentName}</strong>:{" "}
							{environment.last === undefined ? (
								<span className="muted">never deployed</span>
							) : (
								<>
									<Link href={`/deployments/${environment.last.id}`}>{deploymentLabel(environment.last)}</Link>{" "}
									<span className={`badge status-${environment.last.status}`}>{DEPLOYMENT_STATUS_WORDS[environment.last.status]}</span>{" "}
									<span className="muted">{formatTime(environment.last.finishedAt ?? environment.last.createdAt)}</span>
								</>
							)}
						</li>
					))}
				</ul>
			)}
		</section>
	);
}
