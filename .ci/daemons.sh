# Sourced by .ci/run. Starts the daemons CI needs when they are not running yet, and remembers exactly the ones it
# started, so that stop_started_daemons (run by .ci/run's EXIT trap, on success and on failure alike) stops those
# and never a daemon that was already running on the machine.

started_pids=()
started_names=()

# True while process $1 runs (a child that exited but was not reaped yet, a zombie, counts as gone).
ci_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}

# ensure_dockerd LOG: makes `docker info` work. Uses a Docker Engine that already answers; otherwise installs
# docker.io when dockerd is missing, starts dockerd (output to LOG) and waits up to CI_DOCKERD_WAIT seconds (60).
ensure_dockerd() {
  local log=$1 pid
  if docker info >/dev/null 2>&1; then
    echo "ci: using the Docker Engine that is already running (it stays running)"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  dockerd >"$log" 2>&1 &
  pid=$!
  started_pids+=("$pid")
  started_names+=(dockerd)
  echo "ci: started dockerd (pid $pid, log $log); it is stopped when this script exits"
  for _ in $(seq 1 "${CI_DOCKERD_WAIT:-60}"); do
    docker info >/dev/null 2>&1 && return 0
    ci_alive "$pid" || break
    sleep 1
  done
  echo "ci: dockerd did not start:" >&2
  tail -n 50 "$log" >&2
  return 1
}

# Stops every daemon ensure_* started, newest first: SIGTERM, up to CI_STOP_WAIT seconds (30), then SIGKILL.
# dockerd stops the containerd it runs itself, and the containers with it.
stop_started_daemons() {
  local i pid name
  for ((i = ${#started_pids[@]} - 1; i >= 0; i--)); do
    pid=${started_pids[i]}
    name=${started_names[i]}
    ci_alive "$pid" || continue
    echo "ci: stopping $name (pid $pid)" >&2
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 "${CI_STOP_WAIT:-30}"); do
      ci_alive "$pid" || break
      sleep 1
    done
    if ci_alive "$pid"; then
      echo "ci: $name (pid $pid) did not stop within ${CI_STOP_WAIT:-30} s: killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  started_pids=()
  started_names=()
}
