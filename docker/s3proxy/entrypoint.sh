#!/bin/bash
# With the filesystem backend a bucket is a folder: create the configured ones, then run S3Proxy.
set -euo pipefail
for bucket in ${S3PROXY_BUCKETS:-}; do
  mkdir -p "/data/$bucket"
done
cat > /tmp/s3proxy.properties <<PROPS
s3proxy.endpoint=http://0.0.0.0:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3PROXY_ACCESS_KEY:?set S3PROXY_ACCESS_KEY}
s3proxy.credential=${S3PROXY_SECRET_KEY:?set S3PROXY_SECRET_KEY}
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=/data
PROPS
exec java -Xmx256m -jar /opt/s3proxy/s3proxy.jar --properties /tmp/s3proxy.properties
