#!/usr/bin/env bash
# After a rollback in CI: commit the restored stack file to main, naming the restored versions and the
# reason, so that main and the environment agree again and the next merge does not roll forward.
# Pushed with the workflow's token, which starts no workflow (no deploy loop). Main moved meanwhile:
# rebased onto it and pushed again (a conflict on the stack file fails the step, for a person to resolve).
set -euo pipefail
: "${STACK:?set STACK to the stack that was rolled back}"
: "${REASON:?set REASON to why it was rolled back}"
branch="${BRANCH:-main}"
file="stacks/Pulumi.${STACK}.yaml"
if git diff --quiet -- "$file"; then
  echo "$file already names the restored release: nothing to commit"
  exit 0
fi
release="$(node bin/lockstep.js release show --stack "$STACK" --format json)"
id="$(jq -r .id <<<"$release")"
versions="$(jq -r '[.services[] | "\(.name) \(.version)"] | join(", ")' <<<"$release")"
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git add -- "$file"
git commit --quiet -m "Roll back ${STACK} to release ${id}: ${versions}" -m "Reason: ${REASON}" ${RUN_URL:+-m "Run: ${RUN_URL}"}
for attempt in 1 2 3; do
  if git push --quiet origin "HEAD:refs/heads/${branch}"; then
    echo "committed $(git rev-parse --short HEAD) to ${branch}: ${STACK} runs release ${id} (${versions})"
    exit 0
  fi
  echo "push to ${branch} refused (attempt ${attempt}): rebasing onto it" >&2
  git pull --quiet --rebase origin "$branch"
done
echo "could not push the restored $file to ${branch}: commit it by hand" >&2
exit 1
