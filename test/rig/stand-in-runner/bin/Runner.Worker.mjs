// Stand-in for actions/runner's Runner.Worker (see ../README.md): "runs" one job by staying
// alive for the job's duration, so the host inventory sees a Runner.Worker process.
const durationMs = Number(process.argv[4] ?? 1000);
process.on('SIGTERM', () => process.exit(143));
setTimeout(() => process.exit(0), durationMs);
