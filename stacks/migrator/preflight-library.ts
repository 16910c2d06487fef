/**
 * The shell functions of the host preflight (stacks/migrator/preflight.ts renders the values and
 * the checks that call them). POSIX sh, using only what a Hadoop edge node has: getent or
 * nslookup, curl or openssl, ss or netstat, awk, sed, find, date; the aws CLI, bash, and unzip or
 * python3 when present.
 *
 * The text reaches SSM Parameter Store through Terraform, which reads `${` and `%{` as templates:
 * neither appears here (`$pct{…}` spells curl's `%{…}`), and the renderer refuses a script that
 * holds one. Each chunk is included only when a check of the host uses it.
 */

/** Option parsing, results and the helpers every check uses. */
const core = String.raw`LC_ALL=C
export LC_ALL
json=0 write=0 tmo=5 via='' sep='' pct=% nf=0 nw=0 np=0 date='' from=''
while [ $# -gt 0 ]; do
  case $1 in
    --json) json=1 ;;
    --write-test) write=1 ;;
    --timeout|--aws-config|--ca-file|--connect-to)
      [ $# -gt 1 ] || { echo "preflight: $1 needs a value" >&2; exit 2; }
      case $1 in
        --timeout) tmo=$2 ;;
        --aws-config) AWSCFG=$2 ;;
        --connect-to) via="$via $2" ;;
        *) CURL_CA_BUNDLE=$2 AWS_CA_BUNDLE=$2 SSL_CERT_FILE=$2
           export CURL_CA_BUNDLE AWS_CA_BUNDLE SSL_CERT_FILE ;;
      esac
      shift ;;
    -h|--help) sed -n '/^# Usage/,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "preflight: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $tmo in ''|*[!0-9]*|0) echo "preflight: --timeout takes whole seconds" >&2; exit 2 ;; esac
have() { command -v "$1" >/dev/null 2>&1; }
field() { echo "$1" | cut -d"$2" -f"$3"; }
j() { printf '%s' "$1" | tr '\000-\037' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
# r STATUS REQUIREMENT SEEN [FIX]: one result
r() {
  case $1 in FAIL) nf=$((nf + 1)) ;; WARN) nw=$((nw + 1)) ;; *) np=$((np + 1)) ;; esac
  if [ $json = 1 ]; then
    printf '%s\n    {"status": "%s", "requirement": "%s", "seen": "%s"' "$sep" "$1" "$(j "$2")" "$(j "$3")"
    [ -z "$4" ] || printf ', "fix": "%s"' "$(j "$4")"
    printf '}'
    sep=,
  elif [ -n "$4" ]; then printf '%s %s — %s — %s\n' "$1" "$2" "$3" "$4"
  else printf '%s %s — %s\n' "$1" "$2" "$3"
  fi
}
# redirect NAME: HOST:PORT of --connect-to NAME=HOST:PORT, if given
redirect() { for c in $via; do case $c in "$1"=*) field "$c" = 2- ;; esac; done; }
# connect HOST PORT [NAME]: "@@ <time>" once TCP is up (TLS for NAME, with its HTTP headers),
# else "!! <why not>". Directly, never through a proxy. A plain TCP check sends an HTTP request,
# which servers of other protocols close at once (a NameNode answers it, a KDC closes).
connect() {
  ch=$1 cp=$2 cn=$3
  if have curl; then
    # --connect-to (curl 7.49) only when asked: RHEL 7 ships curl 7.29.
    set -- -sS -o /dev/null -m "$tmo" --noproxy '*'
    if [ -n "$cn" ]; then
      [ "$ch:$cp" = "$cn:$HTTPS" ] || set -- "$@" --connect-to "$cn:$HTTPS:$ch:$cp"
      o=$(curl "$@" -D - -w "\n@@ $pct{time_appconnect}" "https://$cn:$HTTPS/" 2>&1)
    else
      o=$(curl "$@" -w "\n@@ $pct{time_connect}" "http://$ch:$cp/" 2>&1)
    fi
    rc=$? t=$(echo "$o" | sed -n 's/.*@@ //p')
    echo "$o" | sed '/@@ /d'
    if awk -v t="$t" 'BEGIN { exit !(t > 0) }'; then echo "@@ $t s"; return; fi
    [ $rc = 28 ] && echo "!! no answer in $tmo s" && return
    echo "!! $(echo "$o" | sed -n 's/^curl: ([0-9]*) //p' | head -n 1)"
  elif have openssl; then
    st=$(date +%s)
    if [ -n "$cn" ]; then
      o=$(printf 'HEAD / HTTP/1.0\r\nHost: %s\r\n\r\n' "$cn" | timeout "$tmo" openssl s_client -quiet -verify_return_error -connect "$ch:$cp" -servername "$cn" 2>&1)
    else
      o=$(timeout "$tmo" openssl s_client -connect "$ch:$cp" </dev/null 2>&1)
    fi
    rc=$? ok=''
    echo "$o"
    # TLS: the handshake and its verification succeeded; TCP: the connection was made.
    if [ -n "$cn" ]; then [ $rc != 0 ] || ok=1; else case $o in *CONNECTED*) ok=1 ;; esac; fi
    [ -z "$ok" ] || { echo "@@ about $(($(date +%s) - st)) s (openssl)"; return; }
    [ $rc = 124 ] && echo "!! no answer in $tmo s" && return
    echo "!! $(echo "$o" | grep -v '^depth=\|^verify return' | sed 's/^[0-9A-F]*:error:[0-9A-F]*://' | head -n 1)"
  else echo "!! neither curl nor openssl on this host"
  fi
}
`;

/** DNS and a TLS handshake to an AWS endpoint; the first Date header is kept for the clock. */
const endpoint = String.raw`# inside IPV4 CIDR
inside() {
  # shellcheck disable=SC2086
  (IFS=./; set -- $1 $2
   m=$(( (0xffffffff << (32 - $9)) & 0xffffffff ))
   [ $(( ((($1 << 24) + ($2 << 16) + ($3 << 8) + $4) ^ (($5 << 24) + ($6 << 16) + ($7 << 8) + $8)) & m )) -eq 0 ])
}
addresses() {
  if have getent; then getent ahostsv4 "$1" | awk '{ print $1 }'
  elif have nslookup; then nslookup "$1" 2>/dev/null | awk '/^Name:/ { n = 1 } n && /^Address/ { print $NF }'
  fi | sort -u | tr '\n' ' ' | sed 's/ $//'
}
endpoint() {
  case $3 in
    vpce) x="endpoint-specific names are in public DNS: the DNS of this host must resolve it unchanged" ;;
    forwarder) x="forward $2 on your DNS servers to the Route 53 Resolver inbound endpoint (network output resolver_inbound_addresses)" ;;
    vpc) x="the private DNS of the endpoint answers in the VPC (network.endpointPrivateDns)" ;;
    *) x="the DNS of this host must resolve the public names of AWS" ;;
  esac
  a=$(addresses "$2") out=''
  for i in $a; do inside "$i" "$VPC" || out="$out $i"; done
  if [ -z "$a" ]; then r "$1" "dns $2" "does not resolve" "$x"
  elif [ "$3" != public ] && [ -n "$out" ]; then
    r "$1" "dns $2" "$a:$out not in the VPC CIDR $VPC (a public address means the conditional forwarder or the private DNS is missing)" "$x"
  else r PASS "dns $2" "$a"
  fi
  hp=$(redirect "$2") by=''
  [ -z "$hp" ] || by=" via $hp"
  [ -n "$hp" ] || hp=$2:$HTTPS
  o=$(connect "$(field "$hp" : 1)" "$(field "$hp" : 2)" "$2")
  case $o in
    *ertificate*|*SSL*|*verify*) fix="a TLS-inspecting proxy? LDM's JVM must trust its CA too; show it to the preflight with --ca-file" ;;
    *) fix="allow TCP $HTTPS from this host to AWS's public endpoints (proxy or firewall)"
       [ "$3" = public ] || fix="allow TCP $HTTPS from this host to the VPC CIDR $VPC" ;;
  esac
  d=$(echo "$o" | sed -n 's/^[Dd]ate: *//p' | tr -d '\r')
  [ -z "$d" ] || [ -n "$date" ] || { date=$d from=$2; }
  case $o in
    *'@@ '*) r PASS "https $2" "TLS handshake in $(echo "$o" | sed -n 's/^@@ //p')$by" ;;
    *) r "$1" "https $2" "$(echo "$o" | sed -n 's/^!! //p')$by" "$fix" ;;
  esac
}
`;

/** A TCP connection to a host and port. */
const reach = String.raw`# reach SEVERITY WHAT HOST PORT FIX: a TCP connection to HOST:PORT
reach() {
  o=$(connect "$3" "$4")
  case $o in
    *'@@ '*) r PASS "$2 $3:$4/tcp" "connected in $(echo "$o" | sed -n 's/^@@ //p')" ;;
    *) r "$1" "$2 $3:$4/tcp" "$(echo "$o" | sed -n 's/^!! //p')" "$5" ;;
  esac
}
`;

/** The host's clock against the first Date header an endpoint sent. */
const clock = String.raw`# clock: this host's time against the Date header of the first endpoint that sent one
clock() {
  if [ -z "$date" ]; then
    r WARN clock "no endpoint answered with a Date header: not checked" "compare with NTP: chronyc tracking"
    return
  fi
  e=$(echo "$date" | awk '{ m = (index("JanFebMarAprMayJunJulAugSepOctNovDec", $3) + 2) / 3
    split($5, t, ":"); y = $4; if (m < 3) { y--; m += 12 }
    print (365 * y + int(y / 4) - int(y / 100) + int(y / 400) + int((153 * (m - 3) + 2) / 5) + $2 - 719469) * 86400 + t[1] * 3600 + t[2] * 60 + t[3] }')
  s=$(($(date -u +%s) - e)) w=ahead
  [ $s -ge 0 ] || { s=$((-s)); w=behind; }
  seen="$s s $w of $from ($date)"
  if [ $s -gt "$MAXSKEW" ]; then r FAIL clock "$seen" "AWS refuses requests signed more than $MAXSKEW s off: synchronize the clock (chronyd, ntpd)"
  elif [ $s -gt "$WARNSKEW" ]; then r WARN clock "$seen" "keep the clock synchronized (chronyd, ntpd)"
  else r PASS clock "$seen"
  fi
}
`;

/** A listening port: free, or held by the service that should hold it. */
const listener = String.raw`# listener PORT WHAT SERVICE: the port is free, or SERVICE holds it
listener() {
  q="listener $1/tcp ($2)"
  if have ss; then l=$(ss -ltnp "sport = :$1" 2>/dev/null | awk 'NR > 1')
  elif have netstat; then l=$(netstat -ltnp 2>/dev/null | awk -v p=":$1" '$4 ~ p "$"')
  else r WARN "$q" "neither ss nor netstat on this host: not checked"; return
  fi
  [ -n "$l" ] || { r PASS "$q" free; return; }
  p=$(echo "$l" | sed -n 's/.*pid=\([0-9]*\).*/\1/p; s|.* \([0-9][0-9]*\)/.*|\1|p' | head -n 1)
  [ -n "$p" ] || { r WARN "$q" "in use by a process this user cannot see" "run the preflight as root"; return; }
  u=$(sed -n 's|.*/\([^/]*\)\.service$|\1|p' "/proc/$p/cgroup" 2>/dev/null | head -n 1)
  n=$(cat "/proc/$p/comm" 2>/dev/null)
  if [ "$u" = "$3" ] || { [ -z "$u" ] && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "/$3[/ ]"; }; then
    r PASS "$q" "held by $3 (pid $p)"
  else
    r FAIL "$q" "held by $n (pid $p$([ -z "$u" ] || echo ", $u.service"))" "stop it or move it: $3 listens on $1"
  fi
}
`;

/** The identity the rendered AWS profile yields. */
const credentials = String.raw`# awscli ARGS...: the aws CLI with what LDM's services read: the rendered profile, nothing else;
# one attempt per call (a failure is reported, not retried for a minute)
awscli() {
  # shellcheck disable=SC2086
  (unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE
   AWS_CONFIG_FILE=$AWSCFG AWS_SHARED_CREDENTIALS_FILE=$AWSCFG AWS_STS_REGIONAL_ENDPOINTS=regional
   AWS_MAX_ATTEMPTS=1 AWS_PAGER=''
   export AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_STS_REGIONAL_ENDPOINTS AWS_MAX_ATTEMPTS AWS_PAGER
   aws --region "$REGION" --output text --cli-connect-timeout "$tmo" --cli-read-timeout "$tmo" $eu "$@" 2>&1)
}
# credentials FIX: the rendered profile yields the migrator role
credentials() {
  if ! have aws; then
    r WARN credentials "no aws CLI on this host: not checked" "as each service user: AWS_CONFIG_FILE=$AWSCFG AWS_SHARED_CREDENTIALS_FILE=$AWSCFG aws sts get-caller-identity"
    return
  fi
  [ -r "$AWSCFG" ] || { r FAIL credentials "$AWSCFG is not readable" "install the rendered aws-config there"; return; }
  eu='' hp=$(redirect "$STS")
  [ -z "$hp" ] || eu="--endpoint-url https://$hp"
  o=$(awscli sts get-caller-identity --query Arn)
  case $o in
    "arn:$(field "$ROLE" : 2):sts::$(field "$ROLE" : 5):assumed-role/$(echo "$ROLE" | sed 's|.*/||')/"*)
      r PASS credentials "$o: the migrator role" ;;
    arn:*) r FAIL credentials "$o, not the migrator role $ROLE" "$1" ;;
    *) r FAIL credentials "$(echo "$o" | tail -n 1)" "$1" ;;
  esac
}
`;

/**
 * The AWS SDK for Java v1 in a service's jars: from 1.11.489 on it reads the profile's
 * credential_process (aws/aws-sdk-java CHANGELOG, 1.11.489). Jars are found by name, plain or
 * inside another jar (a fat jar's BOOT-INF/lib), listed with unzip or python3; `DIR/` so that find
 * follows a folder that is a link (to a versioned install, say).
 */
const sdk = String.raw`# sdk SERVICE DIR OTHERWISE: the oldest aws-java-sdk-core or -bundle jar under DIR, or inside a
# jar there, reads credential_process (1.11.489 on); OTHERWISE is the fix but a newer SDK
sdk() {
  q="sdk $1" u=unzip
  [ -d "$2" ] || { r WARN "$q" "no $2: not checked" "run it again once $1 is installed"; return; }
  have unzip || u=python3
  have $u || { r WARN "$q" "no unzip or python3 to read the jars in $2: not checked" "install unzip"; return; }
  v=$(find "$2/" -name '*.jar' 2>/dev/null | while read -r f; do
      echo "$f"
      if [ $u = unzip ]; then unzip -Z1 "$f"; else python3 -m zipfile -l "$f"; fi 2>/dev/null
    done | sed -n -e 's/.*aws-java-sdk-core-\([0-9.]*\)\.jar.*/\1/p' -e 's/.*aws-java-sdk-bundle-\([0-9.]*\)\.jar.*/\1/p' |
    sort -t . -k 1,1n -k 2,2n -k 3,3n | head -n 1)
  if [ -z "$v" ]; then r WARN "$q" "no aws-java-sdk-core or -bundle jar in $2: not checked"
  elif awk -v v="$v" 'BEGIN { split(v, a, "."); exit !(a[1] > 1 || a[1] == 1 && (a[2] > 11 || a[2] == 11 && a[3] >= 489)) }'; then
    r PASS "$q" "AWS SDK for Java $v in $2"
  else r FAIL "$q" "AWS SDK for Java $v in $2 ignores credential_process (read from 1.11.489)" "$1 with AWS SDK for Java 1.11.489 or later, or $3"
  fi
}
`;

/** A write, read and delete under preflight/ in the target bucket, with SSE-KMS. */
const writeTest = String.raw`# write_test: an object under preflight/ in the target bucket, encrypted with the environment's
# key, read back and deleted
write_test() {
  k=preflight/$(uname -n)-$(date -u +%Y%m%dT%H%M%SZ)-$$.txt eu=''
  u=s3://$BUCKET/$k q="write-test $u"
  [ -z "$S3URL" ] || eu="--endpoint-url $S3URL"
  hp=$(redirect "$S3")
  [ -z "$hp" ] || eu="--endpoint-url https://$hp"
  have aws || { r FAIL "$q" "no aws CLI on this host" "run the write test where the aws CLI is"; return; }
  if ! o=$(echo "$k" | awscli s3 cp - "$u" --sse aws:kms --sse-kms-key-id "$KEY"); then
    r FAIL "$q" "not written: $(echo "$o" | tail -n 1)" "the migrator role writes with SSE-KMS and the environment's key (docs/storage.md)"
    return
  fi
  got=$(awscli s3 cp "$u" -)
  sse=$(awscli s3api head-object --bucket "$BUCKET" --key "$k" --query '[ServerSideEncryption, SSEKMSKeyId]' | tr '\t' ' ')
  if ! o=$(awscli s3 rm "$u"); then r FAIL "$q" "written, not deleted: $(echo "$o" | tail -n 1)" "delete $u"
  elif [ "$got" != "$k" ]; then r FAIL "$q" "written and deleted, but read back: $(echo "$got" | tail -n 1)"
  elif [ "$sse" != "aws:kms $KEY" ]; then r FAIL "$q" "written and deleted, but encrypted with: $sse" "the bucket encrypts with SSE-KMS and $KEY"
  else r PASS "$q" "written with SSE-KMS ($KEY), read back, deleted"
  fi
}
`;

/** The source cluster's NameNodes, from the URI or the Hadoop configuration on the host. */
const namenodes = String.raw`# prop FILE NAME-PREFIX: the values of the Hadoop properties whose names start so
prop() {
  awk -v P="$2" '/<name>/ { n = $0; sub(/.*<name>[ \t]*/, "", n); sub(/[ \t]*<\/name>.*/, "", n) }
    /<value>/ { v = $0; sub(/.*<value>[ \t]*/, "", v); sub(/[ \t]*<\/value>.*/, "", v); if (index(n, P) == 1) print v }' "$1" 2>/dev/null
}
# namenodes DEFAULT-FS CONF-DIR: each NameNode's RPC port answers (HA: dfs.namenode.rpc-address.*)
namenodes() {
  d=$2 fs=$1
  [ -n "$d" ] || d=$HADOOP_CONF_DIR
  [ -n "$d" ] || d=$CONFDIR
  [ -n "$fs" ] || fs=$(prop "$d/core-site.xml" fs.defaultFS | head -n 1)
  [ -n "$fs" ] || { r WARN namenode "no fs.defaultFS in $d/core-site.xml: not checked"; return; }
  ns=$(echo "$fs" | sed 's|^hdfs://||; s|/.*||')
  nn=$(prop "$d/hdfs-site.xml" "dfs.namenode.rpc-address.$ns.")
  [ -n "$nn" ] || case $ns in *:*) nn=$ns ;; *) nn=$ns:$NNPORT ;; esac
  for a in $nn; do
    reach FAIL namenode "$(field "$a" : 1)" "$(field "$a" : 2)" "allow TCP from this host to the NameNode (HA: dfs.namenode.rpc-address.$ns.* in $d/hdfs-site.xml)"
  done
}
`;

/** The KDCs of a realm, over TCP and UDP. */
const kdc = String.raw`# udp HOST PORT BASE64: an answer to one datagram, through bash's /dev/udp
udp() {
  # shellcheck disable=SC2016
  bash -c 'exec 3<>"/dev/udp/$1/$2" && echo "$3" | base64 -d | dd bs=4096 count=1 iflag=fullblock >&3 2>/dev/null && [ "$(timeout "$4" dd bs=4096 count=1 <&3 2>/dev/null | wc -c)" -gt 0 ]' udp "$1" "$2" "$3" "$tmo" 2>/dev/null
}
# kdc REALM AS-REQ: the realm's KDCs in krb5.conf answer over TCP, and a Kerberos request over UDP
kdc() {
  f=$KRB5_CONFIG R=$1
  [ -n "$f" ] || f=/etc/krb5.conf
  [ -n "$R" ] || R=$(awk '$1 == "default_realm" { print $3 }' "$f" 2>/dev/null)
  k=$(awk -v R="$R" '/^[ \t]*\[/ { s = $0 } s ~ /realms/ && $1 == R && /\{/ { b = 1; next }
    b && /\}/ { b = 0 } b && $1 == "kdc" { sub(/^[^=]*=[ \t]*/, ""); print $1 }' "$f" 2>/dev/null)
  [ -n "$k" ] || { r WARN "kdc $R" "no kdc of realm $R in $f: not checked" "check the KDCs Kerberos finds for $R (DNS SRV records)"; return; }
  for h in $k; do
    p=$KDCPORT
    case $h in *:*) p=$(field "$h" : 2) h=$(field "$h" : 1) ;; esac
    reach FAIL kdc "$h" "$p" "allow TCP $p from this host to the KDC"
    q="kdc $h:$p/udp"
    if grep -q '^[^#]*udp_preference_limit *= *1 *$' "$f"; then r PASS "$q" "not used: $f sets udp_preference_limit = 1"
    elif ! have bash; then r WARN "$q" "no bash on this host to send a Kerberos request: not checked"
    elif udp "$h" "$p" "$2"; then r PASS "$q" "answered a Kerberos request"
    else r FAIL "$q" "no answer in $tmo s" "allow UDP $p from this host to the KDC, or set udp_preference_limit = 1 in [libdefaults] of $f"
    fi
  done
}
`;

/** Runs the checks and prints the summary; the exit status says whether any failed. */
const main = String.raw`if [ $json = 1 ]; then
  printf '{\n  "format": "ldm-preflight",\n  "version": 1,\n  "environment": "%s",\n  "host": "%s",\n  "hostname": "%s",\n  "results": [' "$ENV" "$HOST" "$(j "$(uname -n)")"
else
  echo "ldm-landing-zone preflight of the $HOST host of $ENV: $(uname -n), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
fi
checks
if [ $json = 1 ]; then
  printf '\n  ],\n  "summary": {"pass": %s, "warn": %s, "fail": %s}\n}\n' "$np" "$nw" "$nf"
else
  echo "preflight: $np PASS, $nw WARN, $nf FAIL"
fi
[ $nf = 0 ]
`;

export const PREFLIGHT_LIBRARY = {
  core,
  endpoint,
  reach,
  clock,
  listener,
  credentials,
  sdk,
  writeTest,
  namenodes,
  kdc,
  main,
} as const;

export type PreflightChunk = keyof typeof PREFLIGHT_LIBRARY;

// Terraform would read `${` or `%{` as a template in the SSM parameter's value.
for (const [name, text] of Object.entries(PREFLIGHT_LIBRARY)) {
  if (/[$%]\{/.test(text)) throw new Error(`preflight library: ${name} holds a template sequence`);
}
