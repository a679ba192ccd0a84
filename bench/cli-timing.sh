#!/usr/bin/env bash
# Wall time of every `taxchain` and `admin` command, warm: each command runs RUNS times after one
# untimed run, with distinct input where a repeat would be refused (a second void, a taken tax ID).
# Needs a running issuing service and its database:
#   DATABASE_URL=… TAXCHAIN_URL=… TAXCHAIN_TOKEN=<merchant token> TAXCHAIN_KEY=<registered key file>
#   BENCH_BUYER=<registered buyer tax ID> BENCH_AUTHORITY_KEY=<authority public key hex> bash bench/cli-timing.sh
# Prints one Markdown row per command: wall time (median, min–max) and CPU time, in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
taxchain=(node dist/apps/cli/src/main.js)
admin=(node dist/scripts/admin/admin-cli.js) # what `npm run admin` runs
seller=$(node -pe 'JSON.parse(require("fs").readFileSync(process.env.TAXCHAIN_KEY)).taxId')
today=$(TZ=Asia/Shanghai date +%F)
stamp=$(date +%s%N)

document() { # document <number>: an invoice (or credit-note) input of one line
  cat <<JSON
{ "seller": { "taxId": "$seller", "name": "上海测试贸易有限公司" }, "buyer": { "taxId": "$BENCH_BUYER", "name": "北京办公用品有限公司" },
  "documentNumber": "$1", "issueDate": "$today", "currency": "CNY",
  "lines": [{ "description": "*茶*武夷岩茶 250 g", "quantity": "3", "unitPrice": "12.50", "taxRate": "0.13" }] }
JSON
}
number_of() { node -pe 'JSON.parse(require("fs").readFileSync(0)).invoiceNumber'; }

# time_runs <label> <command template with {i}>: one untimed run (i=0), then RUNS timed ones.
# Wall time depends on what else the machine runs; CPU time (user + system) much less so.
time_runs() {
  local label=$1 template=$2
  : > "$scratch/times"
  for i in $(seq 0 "$RUNS"); do
    local command=${template//\{i\}/$i}
    /usr/bin/time -f '%e %U %S' -o "$scratch/time" bash -c "$command" > /dev/null 2>&1 ||
      { echo "failed: $command" >&2; exit 1; }
    [[ $i -gt 0 ]] && cat "$scratch/time" >> "$scratch/times"
  done
  awk '{ print $1 * 1000, ($2 + $3) * 1000 }' "$scratch/times" | sort -n | awk -v label="$label" '
    { wall[NR] = $1; cpu[NR] = $2 }
    END {
      n = asort(cpu, sorted)
      printf "| `%s` | %d | %d–%d | %d |\n", label, wall[int((NR + 1) / 2)], wall[1], wall[NR], sorted[int((n + 1) / 2)]
    }'
}

for i in $(seq 0 "$RUNS"); do document "BENCH-$stamp-$i" > "$scratch/invoice-$i.json"; done
for i in $(seq 0 "$RUNS"); do document "BENCH-CN-$stamp-$i" > "$scratch/credit-$i.json"; done
# Invoices to void and to credit, issued up front.
for i in $(seq 0 "$RUNS"); do
  document "BENCH-V-$stamp-$i" > "$scratch/v.json"
  "${taxchain[@]}" issue "$scratch/v.json" | number_of > "$scratch/void-$i"
  document "BENCH-C-$stamp-$i" > "$scratch/c.json"
  "${taxchain[@]}" issue "$scratch/c.json" | number_of > "$scratch/credited-$i"
done
status_number=$(cat "$scratch/credited-0")
# Tax IDs for new parties, and credentials to rotate and to revoke.
for i in $(seq 0 "$RUNS"); do
  node -pe "require('./dist/libs/contracts/src').generateTaxId('350100')" > "$scratch/tax-id-$i"
  for use in rotate revoke; do
    "${admin[@]}" credentials issue --party "$seller" --role merchant --label "bench-$use" 2>/dev/null |
      node -pe 'JSON.parse(require("fs").readFileSync(0)).id' > "$scratch/$use-$i"
  done
done
sleep 2 # a checkpoint covers them, so verify does not wait

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo '| command | wall median ms | wall min–max ms | CPU median ms (user + sys) |'
echo '| --- | --- | --- | --- |'
time_runs 'taxchain --help' "${taxchain[*]} --help"
time_runs 'taxchain keygen' "${taxchain[*]} --key $scratch/key-{i}.json keygen --tax-id $seller"
time_runs 'taxchain register-key' "${taxchain[*]} --key $scratch/key-{i}.json register-key"
time_runs 'taxchain issue' "${taxchain[*]} issue $scratch/invoice-{i}.json"
time_runs 'taxchain status' "${taxchain[*]} status $status_number"
time_runs 'taxchain verify' "${taxchain[*]} verify $status_number --authority-key $BENCH_AUTHORITY_KEY"
time_runs 'taxchain pdf' "${taxchain[*]} pdf $status_number -o $scratch/invoice.pdf"
time_runs 'taxchain void' "${taxchain[*]} void \$(cat $scratch/void-{i}) --reason bench"
time_runs 'taxchain audit' "${taxchain[*]} audit --authority-key $BENCH_AUTHORITY_KEY"
time_runs 'taxchain credit' "${taxchain[*]} credit \$(cat $scratch/credited-{i}) $scratch/credit-{i}.json"
time_runs 'admin --help' "${admin[*]} --help"
time_runs 'admin parties add' "${admin[*]} parties add --tax-id \$(cat $scratch/tax-id-{i}) --name bench-{i} --roles merchant"
time_runs 'admin parties list' "${admin[*]} parties list"
time_runs 'admin credentials issue' "${admin[*]} credentials issue --party $seller --role merchant --label bench-{i}"
time_runs 'admin credentials list' "${admin[*]} credentials list"
time_runs 'admin credentials rotate' "${admin[*]} credentials rotate \$(cat $scratch/rotate-{i})"
time_runs 'admin credentials revoke' "${admin[*]} credentials revoke \$(cat $scratch/revoke-{i})"
time_runs 'npm run -s taxchain -- status' "npm run -s taxchain -- status $status_number"
time_runs 'npm run -s admin -- parties list' "npm run -s admin -- parties list"
