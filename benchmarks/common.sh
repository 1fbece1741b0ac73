# Sourced by the benchmark scripts: where the project, the distribution and the test keys are,
# and deterministic random data.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
amibundle="$root/bundle-cli/target/amibundle/bin/amibundle"
keys="$root/testdata/keys"

# random_bytes N SEED: N bytes of deterministic random data, AES-128-CTR of zeros with the counter
# starting at SEED.
random_bytes() {
  head -c "$1" /dev/zero |
    openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv "$(printf '%032x' "$2")"
}
