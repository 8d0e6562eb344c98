/** The --help text (also printed after a usage error). */
export const USAGE = `Usage: toolboxai <command> [options]

Commands:
  deploy --env <name> --place <file.rbxl> [--assets <dir>] [--plan] [--force] [--json]
      Hash the place file and every file under --assets, upload the files the service does not hold yet,
      deploy the release to the environment and follow it until it succeeds or fails.
      --plan   only show what a deploy would upload, publish and call (nothing is uploaded); exit 1 when
               the plan has a problem a deploy would not fix (files not on the service yet are not one)
      --force  publish even when the environment already runs this exact release
  rollback --env <name> --to <deploymentId> [--json]
      Redeploy the release of an earlier deployment of that environment, and follow it.
  status <deploymentId> [--json]
      Show a deployment once (exit 0 when queued, running or succeeded, 1 when failed).

Options:
  --json   print only JSON on stdout: the final deployment or plan, or {"error": {"code", "message"}}
  --help   show this text

Assets: png, jpg, jpeg, bmp, tga (Image); mp3, ogg, wav, flac (Audio); rbxm, rbxmx, fbx, glb, gltf (Model).
Each is named by its path under --assets, with forward slashes. Files whose name starts with "." are skipped.

Environment:
  TOOLBOXAI_URL      the ToolBoxAI service (default http://localhost:8080)
  TOOLBOXAI_API_KEY  an API key with the deployments:write scope (required)

Exit codes: 0 success, 1 the deployment or plan failed or the service refused, 2 usage or configuration error.
`;
