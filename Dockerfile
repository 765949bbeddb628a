# syntax=docker/dockerfile:1
# xiaoban (校办) as a container. The supported install is a Debian 12 box (scripts/start.sh or
# appliance/install.sh); this image runs the same build with the same Debian package lists.
#
#   docker build -t xiaoban .
#   docker run -d --init --name xiaoban -p 8443:8443 -p 8080:8080 -v xiaoban-data:/var/lib/xiaoban \
#     -e XB_TLS_HOSTNAMES=192.168.1.20,oa.school.lan xiaoban
#
# A GSM modem for SMS: add `--device /dev/ttyUSB0 --group-add dialout` (and set the device in the admin page).
# XB_TLS_HOSTNAMES: the container only sees its own hostname and bridge IP, so list the host's LAN
# addresses/names (or set XB_PUBLIC_URL) for the local CA's server certificate to cover them.
# --init reaps the helper programs (LibreOffice, Janus …) that later versions start.

# ── build: compile native modules (no prebuilt binaries are downloaded), build server + PWA ──
FROM node:20-bookworm AS build
WORKDIR /src
COPY appliance/packages-build.txt appliance/
RUN apt-get update \
 && sed -e 's/#.*//' appliance/packages-build.txt | xargs -r apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && touch dist/.build-stamp

# ── runtime ──
FROM node:20-bookworm-slim
COPY appliance/packages.txt /tmp/packages.txt
# Slim images drop /usr/share/doc, where Debian keeps Gammu's SQL schema (the SMS daemon's database is made from it).
RUN printf 'path-include=/usr/share/doc/gammu/examples/sql/*\npath-include=/usr/share/doc/gammu-smsd/examples/*\n' > /etc/dpkg/dpkg.cfg.d/zz-xiaoban-gammu-schema \
 && apt-get update \
 && sed -e 's/#.*//' /tmp/packages.txt | xargs -r apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/packages.txt
RUN groupadd --system xiaoban \
 && useradd --system --gid xiaoban --home-dir /var/lib/xiaoban --shell /usr/sbin/nologin xiaoban \
 && install -d -o xiaoban -g xiaoban -m 0750 /var/lib/xiaoban
WORKDIR /opt/xiaoban
# The whole pruned tree: dist/ plus files read at run time from the source tree (server/db/migrations …).
COPY --from=build /src /opt/xiaoban
ENV NODE_ENV=production \
    XB_DATA_DIR=/var/lib/xiaoban \
    XB_HOST=0.0.0.0 \
    XB_HTTPS_PORT=8443 \
    XB_HTTP_PORT=8080
USER xiaoban
VOLUME ["/var/lib/xiaoban"]
EXPOSE 8443 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "const off=process.env.XB_TLS==='off';require(off?'node:http':'node:https').get({host:'127.0.0.1',port:Number(off?process.env.XB_HTTP_PORT||8080:process.env.XB_HTTPS_PORT||8443),path:'/api/health',rejectUnauthorized:false,timeout:4000},(r)=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))"]
CMD ["node", "dist/server/main.js"]
