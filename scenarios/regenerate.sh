#!/bin/sh
# Regenerates the seed-district scenarios in scenarios/ from the real village lists in
# ../shared/data/regions (kept beside the project, not part of it; see SOURCES.md).
# Run from anywhere:
#   scenarios/regenerate.sh           rewrite scenarios/<name>.toml and <name>.sites.csv
#   scenarios/regenerate.sh --check   regenerate into a temporary folder and compare bytes
# JEMPUT names the jemput binary (default target/debug/jemput, built when missing);
# JEMPUT_SHARED the shared folder (default ../shared beside the project).
#
# The commands run in a temporary copy of the layout (project/ beside shared/), so the
# paths recorded in each file's header are the same wherever the project lives.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
check=no
[ "${1:-}" = "--check" ] && check=yes
shared=${JEMPUT_SHARED:-}
if [ -z "$shared" ]; then
  shared="$root/../shared"
fi
if [ ! -d "$shared/data/regions" ]; then
  echo "skipping: no shared data folder (set JEMPUT_SHARED)" >&2
  exit 0
fi
shared=$(cd "$shared" && pwd)
bin=${JEMPUT:-$root/target/debug/jemput}
[ -x "$bin" ] || (cd "$root" && cargo build --quiet)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo/scenarios"
ln -s "$shared" "$tmp/shared"
cp -r "$root/scenarios/inputs" "$tmp/repo/scenarios/"
cd "$tmp/repo"
jemput() { "$bin" "$@" >/dev/null; }

# The commands, exactly as recorded in the header of each file (and in SOURCES.md).
jemput generate region --villages ../shared/data/regions/batang.csv --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/batang.toml --name 'Kabupaten Batang 2024' --eligible 628072 --activated 44022 --target-share 0.3 --start 2024-01-01 --teams 3 --staff 3 --schools-per-district 2 --organic-per-day 25 --source 'Totals and target: Disdukcapil Kabupaten Batang 2024 (628,072 recorded e-KTP, 44,022 IKD activated, target 30 %)' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'Teams, staff, shift, schools, walk-ins: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/mukomuko.csv --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/mukomuko.toml --name 'Kabupaten Mukomuko 2023' --eligible 132784 --activated 1000 --target-share 0.5 --start 2023-03-01 --holidays none --extra-holidays scenarios/inputs/holidays_id_2023.csv --base-village 17.06.02.1018 --base-village 17.06.05.2006 --teams 1 --staff 3 --speed-kmh 45 --source 'Totals and target: Disdukcapil Kabupaten Mukomuko 2023 (132,784 recorded e-KTP, village rounds from March, target raised to 50 %)' --source 'Holidays 2023: SKB 3 Menteri 2023 and its amendments (scenarios/inputs/holidays_id_2023.csv)' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'Activated at start, teams, staff, shift, second base at Ipuh: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/penajam_paser_utara.csv --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/penajam_paser_utara.toml --name 'Kabupaten Penajam Paser Utara 2024' --eligible 150000 --activated 11000 --target-share 0.3 --start 2024-01-01 --base-village 64.09.01.1011 --base-village 64.09.03.2001 --base-village 64.09.04.1005 --teams 2,1,1 --staff 3 --village-max-visits 8 --village-min-gap-days 21 --schools-per-district 2 --car-free-day 5000 --organic-per-day 10 --source 'Activated and target: Disdukcapil Kabupaten Penajam Paser Utara 2024 (11,000 IKD activated, target 45,000 activations)' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'Eligible (150,000, so that 45,000 is 30 %), teams, staff, shift, kecamatan bases, schools, car-free day: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/denpasar.csv --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/denpasar.toml --name 'Kota Denpasar 2024' --eligible 500000 --activated 11000 --target-share 0.3 --start 2024-04-01 --extra-holidays ../shared/data/regions/holidays_bali_regional.csv --teams 3 --staff 3 --village-max-visits 12 --village-min-gap-days 14 --schools-per-district 4 --school-eligible 400 --per-district office:2:600 --per-district campus:1:2500 --per-district hospital:1:500 --organic-per-day 20 --source 'Totals and target: Disdukcapil Kota Denpasar 2024 (about 500,000 recorded e-KTP, about 11,000 IKD activated by April, target 30 %)' --source 'Bali regional holidays: kresnasatya/api-harilibur (kalenderbali.com)' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'Teams, staff, shift, schools, offices, campuses, hospitals, walk-ins: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/kalimantan_utara.csv --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/kalimantan_utara.toml --name 'Provinsi Kalimantan Utara 2024' --eligible 565000 --activated 48000 --target-share 0.25 --start 2024-01-01 --teams 2 --staff 3 --shift 07:30-15:30 --speed-kmh 35 --detour 1.4 --leg-overhead-minutes 20 --weak-signal-km 20 --no-signal-km 35 --kits 4 --beyond-reach drop --source 'Activated share and target: Kalimantan Utara 2024, 8-9 % activated against the 25 % target' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'Eligible (from Dukcapil population Dec 2024), river travel, signal bands, connectivity kits, teams, staff, shift: assumptions, see scenarios/SOURCES.md'

# Kalimantan Utara as five kab/kota offices planned together (scenarios/kaltara/province.toml).
mkdir -p scenarios/kaltara
jemput generate region --villages ../shared/data/regions/kalimantan_utara.csv --within 65.01 --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/kaltara/bulungan.toml --name 'Kabupaten Bulungan 2024' --eligible 125000 --activated 10600 --target-share 0.25 --start 2024-01-01 --teams 2 --staff 3 --shift 07:30-15:30 --speed-kmh 35 --detour 1.4 --leg-overhead-minutes 20 --weak-signal-km 20 --no-signal-km 35 --kits 1 --beyond-reach drop --source 'Eligible: Dukcapil population Dec 2024 x 0.734 (the Batang ratio); activated 8.5 % (Kalimantan Utara 2024: 8-9 %); target 25 %' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'River travel, signal bands, connectivity kits, teams, staff, shift: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/kalimantan_utara.csv --within 65.02 --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/kaltara/malinau.toml --name 'Kabupaten Malinau 2024' --eligible 64000 --activated 5400 --target-share 0.25 --start 2024-01-01 --teams 2 --staff 3 --shift 07:30-15:30 --speed-kmh 35 --detour 1.4 --leg-overhead-minutes 20 --weak-signal-km 20 --no-signal-km 35 --kits 1 --beyond-reach drop --source 'Eligible: Dukcapil population Dec 2024 x 0.734 (the Batang ratio); activated 8.5 % (Kalimantan Utara 2024: 8-9 %); target 25 %' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'River travel, signal bands, connectivity kits, teams, staff, shift: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/kalimantan_utara.csv --within 65.03 --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/kaltara/nunukan.toml --name 'Kabupaten Nunukan 2024' --eligible 167000 --activated 14200 --target-share 0.25 --start 2024-01-01 --teams 2 --staff 3 --shift 07:30-15:30 --speed-kmh 35 --detour 1.4 --leg-overhead-minutes 20 --weak-signal-km 20 --no-signal-km 35 --kits 1 --beyond-reach drop --source 'Eligible: Dukcapil population Dec 2024 x 0.734 (the Batang ratio); activated 8.5 % (Kalimantan Utara 2024: 8-9 %); target 25 %' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'River travel, signal bands, connectivity kits, teams, staff, shift: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/kalimantan_utara.csv --within 65.04 --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/kaltara/tana_tidung.toml --name 'Kabupaten Tana Tidung 2024' --eligible 22000 --activated 1900 --target-share 0.25 --start 2024-01-01 --teams 2 --staff 3 --shift 07:30-15:30 --speed-kmh 35 --detour 1.4 --leg-overhead-minutes 20 --weak-signal-km 20 --no-signal-km 35 --kits 1 --beyond-reach drop --source 'Eligible: Dukcapil population Dec 2024 x 0.734 (the Batang ratio); activated 8.5 % (Kalimantan Utara 2024: 8-9 %); target 25 %' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'River travel, signal bands, connectivity kits, teams, staff, shift: assumptions, see scenarios/SOURCES.md'
jemput generate region --villages ../shared/data/regions/kalimantan_utara.csv --within 65.71 --weights ../shared/data/regions/tps2024_by_village.csv --out scenarios/kaltara/tarakan.toml --name 'Kota Tarakan 2024' --eligible 187000 --activated 15900 --target-share 0.25 --start 2024-01-01 --teams 2 --village-max-visits 12 --village-min-gap-days 14 --schools-per-district 4 --per-district office:2:600 --staff 3 --shift 07:30-15:30 --speed-kmh 35 --detour 1.4 --leg-overhead-minutes 20 --weak-signal-km 20 --no-signal-km 35 --beyond-reach drop --source 'Eligible: Dukcapil population Dec 2024 x 0.734 (the Batang ratio); activated 8.5 % (Kalimantan Utara 2024: 8-9 %); target 25 %' --source 'Villages: Kemendagri codes (cahyadsn/wilayah, MIT), centres (cahyadsn/wilayah_boundaries, MIT), weights: KPU Pemilu 2024 polling stations (kawalpemilu/kp24)' --source 'River travel, signal bands, teams, staff, shift: assumptions, see scenarios/SOURCES.md'

status=0
mkdir -p "$root/scenarios/kaltara"
for name in batang mukomuko penajam_paser_utara denpasar kalimantan_utara \
  kaltara/bulungan kaltara/malinau kaltara/nunukan kaltara/tana_tidung kaltara/tarakan; do
  for f in "$name.toml" "$name.sites.csv"; do
    if [ "$check" = yes ]; then
      if cmp -s "scenarios/$f" "$root/scenarios/$f"; then
        echo "same: scenarios/$f"
      else
        echo "DIFFERS: scenarios/$f" >&2
        status=1
      fi
    else
      cp "scenarios/$f" "$root/scenarios/$f"
      echo "wrote scenarios/$f"
    fi
  done
done
exit $status
