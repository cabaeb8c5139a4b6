#!/usr/bin/env bash
# Regenerates the TypeScript types of proto/ (src/wire/gen, committed) with @grpc/proto-loader's
# generator, then adds the .js extensions that NodeNext module resolution requires.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/wire/gen
npx proto-loader-gen-types --longs Number --enums String --defaults --oneofs --includeComments \
  --grpcLib @grpc/grpc-js -I proto -O src/wire/gen \
  vstudio/v1/vector.proto vstudio/v1/admin.proto vstudio/v1/peer.proto
find src/wire/gen -name '*.ts' -print0 | xargs -0 perl -pi -e "s{from '(\.{1,2}/[^']*?)(?<!\.js)';}{from '\$1.js';}g"
