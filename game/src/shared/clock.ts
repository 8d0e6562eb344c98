/**
 * The one clock the game's timers read: seconds since this server (or client) started, steady. Roblox's processor
 * clock is meant for benchmarks, and mixing the two made deadlines and waits disagree.
 * Plain modules take `now` as a parameter; the engine glue passes this one.
 */
export function gameClock(): number {
	return time();
}
