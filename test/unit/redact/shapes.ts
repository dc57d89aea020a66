/**
 * The redaction shape table: one row per shape a secret takes in CI logs, tool output and errors,
 * grouped by family, plus rows of text that must stay (evidence). Used by the table-driven test
 * and by `npm run bench:redact` (shapes redacted / total, before and after).
 *
 * A row passes when none of `secrets` is left in the output, at least one marker is there when
 * there are secrets, and every string of `keep` is still there.
 *
 * Test secrets are assembled at run time so no scanner mistakes this file for a leak.
 */
export interface Shape {
	family: string;
	name: string;
	text: string;
	/** Substrings that must not survive. Empty for a row of evidence that must stay. */
	secrets: string[];
	/** Substrings that must survive. */
	keep: string[];
}

const j = (...parts: string[]) => parts.join('');

export const SAMPLE = {
	github: j('ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO', '0pINUx'),
	githubFine: j('github_pat_', '11ABCDEFG0aBcDeFgHiJkL_', 'mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678'),
	gitlab: j('glpat-', 'x9Yb3kLm2Qw8Rt5Zp7Vc'),
	slack: j('xoxb-', '263594206564-', '2343594206574-', 'FGqddMF8t08v8N7Oq4i57vs1'),
	npm: j('npm_', 'Lr7Xq2bVfa9Jk3Ws1Yc8Dg5Nh0Tz4Pm6', 'Qe2R'),
	stripe: j('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'),
	sendgrid: j('SG.', 'ngeVfQFYQlKU0ufo8x5d1A', '.', 'TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr'),
	openai: j('sk-proj-', 'Xq7Lm2Vb9Kc4Tz8Wn1Rp5Ys3Hd6Gf0Jq', 'T3BlbkFJ', 'Mn4Bv8Cx2Zl6Kj0Hg5Fd9Sa3Qw7Er1Ty'),
	huggingface: j('hf_', 'aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH'),
	vault: j('hvs.', 'CAESIJ', 'a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTu'),
	dockerPat: j('dckr_pat_', 'Ab3dE5gH7jK9mN1pQ3sT5vW7yZ0'),
	awsId: j('AKIA', 'IOSFODNN7', 'REALKEY'),
	awsSessionId: j('ASIA', 'Y34FZKBOKMUTVV7A'),
	awsSecret: j('wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'REALSECRETKEY'),
	google: j('AIza', 'SyD-9tSrke72PouQMnMX', '-a7eZSW0jkFMBWY'),
	pypi: j('pypi-', 'AgEIcHlwaS5vcmcCJGE0YjMyZjQ3LTk3NDktNDQ2NS1hZGY3LTYwMzBmNmFlNWU4ZQACKlszLCJiMzRkNGY3'),
	jwt: j(
		'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
		'.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
		'.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
	),
	azureKey: j('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50u', 'SRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='),
	sasSig: j('Vh3xKp2Lm9', 'QwErTy%2BuIoP7aSdFgHjKl%3D'),
	amzSig: j('fe5f80f77d5fa3beca038a248ff027d0', '445342fe2855ddc963176630326f1024'),
	entropy: j('3kR9vXq2Lm8T', 'z1Wb7Yc4Nh6Pj0Ds5Fg'),
	pemBody: j(
		'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
		'\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
		'\nLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
		'\n9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykk',
	),
};

const S = SAMPLE;
const pemLines = S.pemBody.split('\n');
const pem = (kind = 'RSA PRIVATE KEY') => `-----BEGIN ${kind}-----\n${S.pemBody}\n-----END ${kind}-----`;

/** key=value and its relatives: a value after a key that names a secret, in any casing or separator. */
type Row = Omit<Shape, 'family'>;

const keyValue: Row[] = [
	{ name: 'env line, upper snake', text: 'connecting with DB_PASSWORD=s3cr3t-v@lue and user admin', secrets: ['s3cr3t-v@lue'], keep: ['DB_PASSWORD=', 'and user admin'] },
	{ name: 'camelCase with colon', text: 'config loaded: dbPassword: Hunter2x9 (from env)', secrets: ['Hunter2x9'], keep: ['dbPassword:', '(from env)'] },
	{ name: 'kebab key, space separator', text: 'using db-password Tr0ub4dor3 for the migration', secrets: ['Tr0ub4dor3'], keep: ['db-password', 'for the migration'] },
	{ name: 'JSON "pass"', text: '{"user":"app","pass":"p4ss w0rd!","host":"db"}', secrets: ['p4ss w0rd!'], keep: ['"user":"app"', '"host":"db"'] },
	{ name: 'JSON "password" pretty', text: '{\n  "password": "Zx9-secret",\n  "port": 5432\n}', secrets: ['Zx9-secret'], keep: ['"port": 5432'] },
	{ name: 'XML element', text: '<server><id>nexus</id><password>nX7pw0rd</password></server>', secrets: ['nX7pw0rd'], keep: ['<id>nexus</id>', '</password>'] },
	{ name: 'XML element with spaces', text: '<Password>two words 9</Password>', secrets: ['two words 9'], keep: ['<Password>'] },
	{ name: 'passphrase in YAML', text: 'gpg:\n  passphrase: correct horse battery staple\n  keyId: ABC', secrets: ['correct horse battery staple'], keep: ['keyId: ABC'] },
	{ name: 'token with equals', text: 'auth_token=9f8e7d6c5b4a3210', secrets: ['9f8e7d6c5b4a3210'], keep: ['auth_token='] },
	{ name: 'api key mixed case', text: 'ApiKey = "AbC123xYz789"', secrets: ['AbC123xYz789'], keep: ['ApiKey'] },
	{ name: 'x-api-key key', text: 'x-api-key=k3y-v4lue-77', secrets: ['k3y-v4lue-77'], keep: [] },
	{ name: 'client secret', text: 'client_secret=cs_Xk29dLq8', secrets: ['cs_Xk29dLq8'], keep: ['client_secret='] },
	{ name: 'AWS secret in credentials file', text: `aws_secret_access_key = ${S.awsSecret}`, secrets: [S.awsSecret], keep: ['aws_secret_access_key'] },
	{ name: 'session token', text: 'AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIF', secrets: ['IQoJb3JpZ2luX2VjEJr'], keep: ['AWS_SESSION_TOKEN='] },
	{ name: 'private key field', text: 'private_key: abcDEF123456ghi', secrets: ['abcDEF123456ghi'], keep: ['private_key:'] },
	{ name: 'access key', text: 'ACCESS_KEY: Mx8vQ2pL', secrets: ['Mx8vQ2pL'], keep: ['ACCESS_KEY:'] },
	{ name: 'access-token kebab', text: 'access-token: at.8Jd92kLq', secrets: ['at.8Jd92kLq'], keep: ['access-token:'] },
	{ name: 'refresh token', text: 'refresh_token=rt-22aa33bb44', secrets: ['rt-22aa33bb44'], keep: [] },
	{ name: 'credentials key', text: 'credentials: u5er:pa55', secrets: ['u5er:pa55'], keep: ['credentials:'] },
	{ name: 'Rails secret_key_base', text: 'secret_key_base=0a1b2c3d4e5f6a7b8c9d', secrets: ['0a1b2c3d4e5f6a7b8c9d'], keep: [] },
	{ name: 'Django SECRET_KEY', text: "SECRET_KEY = 'django-insecure-7h!s-1s-s3cr3t'", secrets: ['django-insecure-7h!s-1s-s3cr3t'], keep: ['SECRET_KEY'] },
	{ name: 'YAML env map', text: 'env:\n  MYSQL_ROOT_PASSWORD: r00tPw!\n  MYSQL_DATABASE: app', secrets: ['r00tPw!'], keep: ['MYSQL_DATABASE: app'] },
	{ name: 'Kubernetes env list', text: 'env:\n- name: DB_PASSWORD\n  value: kUb3pw\n- name: DB_HOST\n  value: db', secrets: ['kUb3pw'], keep: ['name: DB_PASSWORD', 'value: db'] },
	{ name: 'Kubernetes env list in JSON', text: '"env":[{"name":"API_TOKEN","value":"tok-3344aa"},{"name":"MODE","value":"prod"}]', secrets: ['tok-3344aa'], keep: ['"API_TOKEN"', '"prod"'] },
	{ name: 'TOML quoted', text: 'token = "tml-88zz11"', secrets: ['tml-88zz11'], keep: ['token = '] },
	{ name: 'Ruby hash rocket', text: ":password => 'rubyPw9'", secrets: ['rubyPw9'], keep: [':password =>'] },
	{ name: 'PHP variable', text: "$db_password = 'phpPw77';", secrets: ['phpPw77'], keep: ['$db_password'] },
	{ name: 'Makefile assignment', text: 'PASSWORD := mkPw123', secrets: ['mkPw123'], keep: ['PASSWORD :='] },
	{ name: 'passwd short key', text: 'passwd=sh0rtpw', secrets: ['sh0rtpw'], keep: [] },
	{ name: 'ODBC connection string', text: 'Server=db;Database=app;User Id=sa;Password=Odbc#Pw1;Encrypt=true', secrets: ['Odbc#Pw1'], keep: ['Database=app', 'Encrypt=true'] },
	{ name: 'ODBC Pwd', text: 'Driver={ODBC};Uid=app;Pwd=pwdVal99;', secrets: ['pwdVal99'], keep: ['Uid=app'] },
	{ name: 'gradle storePassword', text: 'storePassword=gr4dle!pw', secrets: ['gr4dle!pw'], keep: [] },
	{ name: 'dotted key', text: 'signing.password=dotted9Pw', secrets: ['dotted9Pw'], keep: ['signing.password='] },
	{ name: 'keystore pass', text: 'KEYSTORE_PASS=ks-pass-12', secrets: ['ks-pass-12'], keep: [] },
	{ name: 'kubectl from-literal', text: 'kubectl create secret generic db --from-literal=password=L1teral!', secrets: ['L1teral!'], keep: ['kubectl create secret generic db'] },
	{ name: 'Vault secret_id', text: 'secret_id=4f1c2d3e-aaaa-bbbb', secrets: ['4f1c2d3e-aaaa-bbbb'], keep: [] },
	{ name: 'Ocp subscription key', text: 'subscription_key=0cpSubKey55', secrets: ['0cpSubKey55'], keep: [] },
	{ name: 'JSON inside a JSON string', text: '{"msg":"request","headers":"{\\"password\\":\\"esc4pedPw\\",\\"host\\":\\"db\\"}"}', secrets: ['esc4pedPw'], keep: ['\\"host\\":\\"db\\"'] },
	{ name: 'kubeconfig client key', text: 'users:\n- name: ci\n  user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n    client-certificate-data: Y2VydA==', secrets: ['LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo='], keep: ['client-certificate-data: Y2VydA=='] },
	{ name: 'colon without a space', text: 'login with password:hunter2x then retry', secrets: ['hunter2x'], keep: ['then retry'] },
	{ name: 'value after colon-space inline', text: 'level=info msg="login" password: inl1nePw user=bob', secrets: ['inl1nePw'], keep: ['user=bob'] },
];

const quoted: Row[] = [
	{ name: 'double quotes with space and &', text: 'password="a b&c)d,e;f" next', secrets: ['a b&c)d,e;f'], keep: [' next'] },
	{ name: 'single quotes with ;', text: "PASSWORD='x y;z' ./run.sh", secrets: ['x y;z'], keep: ['./run.sh'] },
	{ name: 'JSON with comma', text: '{"secret": "with, comma", "ok": 1}', secrets: ['with, comma'], keep: ['"ok": 1'] },
	{ name: 'YAML quoted with paren', text: 'password: "has ) paren"', secrets: ['has ) paren'], keep: [] },
	{ name: 'JSON escaped quote', text: '{"password":"ab\\"cd efg"}', secrets: ['ab\\"cd efg', 'cd efg'], keep: [] },
	{ name: 'token in single quotes with &', text: "token='a&b&c9'", secrets: ['a&b&c9', 'b&c9'], keep: [] },
	{ name: 'flag value in double quotes', text: 'app --password "two words" --verbose', secrets: ['two words'], keep: ['--verbose'] },
];

const flags: Row[] = [
	{ name: '--password X', text: 'psql-wrapper --password Fl4gPw --host db', secrets: ['Fl4gPw'], keep: ['--host db'] },
	{ name: '--password=X', text: 'migrate --password=Fl4gEq9 --dry-run', secrets: ['Fl4gEq9'], keep: ['--dry-run'] },
	{ name: 'mysql -pX', text: 'mysql -h db -u root -pMyPa55 app < dump.sql', secrets: ['MyPa55'], keep: ['-u root', 'dump.sql'] },
	{ name: 'mysql -p X', text: 'mysqldump -u root -p MyPa56 app', secrets: ['MyPa56'], keep: ['-u root'] },
	{ name: 'docker login -p', text: 'docker login -u ci -p D0ckerPw registry.example.com', secrets: ['D0ckerPw'], keep: ['registry.example.com'] },
	{ name: 'podman login --password', text: 'podman login --username ci --password P0dmanPw quay.io', secrets: ['P0dmanPw'], keep: ['quay.io'] },
	{ name: '--token X', text: 'gh-cli --token tk_99xyzABC repo list', secrets: ['tk_99xyzABC'], keep: ['repo list'] },
	{ name: '--token=X', text: 'argocd login --token=argoTok123 cd.example', secrets: ['argoTok123'], keep: ['cd.example'] },
	{ name: 'curl -u user:pw', text: 'curl -sS -u deploy:CurlPw9 https://nexus/repo', secrets: ['CurlPw9'], keep: ['https://nexus/repo'] },
	{ name: 'curl --user user:pw', text: 'curl --user deploy:CurlPw8 https://nexus/repo', secrets: ['CurlPw8'], keep: [] },
	{ name: 'docker run -e SECRET=', text: 'docker run -e API_SECRET=EnvS3cret -e MODE=prod img', secrets: ['EnvS3cret'], keep: ['MODE=prod'] },
	{ name: 'sshpass -p', text: 'sshpass -p SshPw77 ssh deploy@host', secrets: ['SshPw77'], keep: ['ssh deploy@host'] },
	{ name: 'redis-cli -a', text: 'redis-cli -h cache -a R3disPw ping', secrets: ['R3disPw'], keep: ['ping'] },
	{ name: '--client-secret X', text: 'az login --service-principal -u app --client-secret Az5ecret! --tenant t', secrets: ['Az5ecret!'], keep: ['--tenant t'] },
	{ name: 'export line', text: 'export GITHUB_TOKEN=gh-export-val-9', secrets: ['gh-export-val-9'], keep: ['export GITHUB_TOKEN='] },
	{ name: 'sqlcmd -P', text: "sqlcmd -S db -U sa -P 'P@ssw0rd1' -Q 'SELECT 1'", secrets: ['P@ssw0rd1'], keep: ["-Q 'SELECT 1'"] },
	{ name: 'mongosh -p', text: 'mongosh -u admin -p M0ngoPw --authenticationDatabase admin', secrets: ['M0ngoPw'], keep: ['--authenticationDatabase admin'] },
	{ name: 'ldapsearch -w', text: 'ldapsearch -x -D cn=admin,dc=x -w LdapPw9 -b dc=x', secrets: ['LdapPw9'], keep: ['-b dc=x'] },
	{ name: 'keytool -storepass', text: 'keytool -importcert -storepass St0rePw -keystore ks.jks', secrets: ['St0rePw'], keep: ['-keystore ks.jks'] },
	{ name: 'openssl -passout pass:', text: 'openssl pkcs12 -export -passout pass:P12pw99 -out x.p12', secrets: ['P12pw99'], keep: ['-out x.p12'] },
	{ name: 'Java system property', text: 'java -Djavax.net.ssl.trustStorePassword=tRustPw1 -jar app.jar', secrets: ['tRustPw1'], keep: ['-jar app.jar'] },
	{ name: 'helm --set nested password', text: 'helm upgrade db bitnami/postgresql --set postgresql.auth.password=pgPw99 --wait', secrets: ['pgPw99'], keep: ['--wait'] },
	{ name: 'npm config set _auth', text: 'npm config set _auth dXNlcjpwYXNz', secrets: ['dXNlcjpwYXNz'], keep: ['npm config set _auth'] },
	{ name: 'aws configure set', text: 'aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCYzz', secrets: ['wJalrXUtnFEMIK7MDENGbPxRfiCYzz'], keep: ['aws configure set'] },
	{ name: 'Dockerfile ENV', text: 'Step 4/9 : ENV API_KEY=dock3rEnvKey', secrets: ['dock3rEnvKey'], keep: ['Step 4/9 : ENV API_KEY='] },
	{ name: 'vault kv put', text: 'vault kv put secret/app password=vAultPw7 user=app', secrets: ['vAultPw7'], keep: ['user=app'] },
	{ name: '.netrc line', text: 'machine git.example.com login ci password NetrcPw1', secrets: ['NetrcPw1'], keep: ['machine git.example.com login ci'] },
	{ name: 'PGPASSWORD prefix', text: 'PGPASSWORD=pgPw42 psql -h db -U app', secrets: ['pgPw42'], keep: ['psql -h db -U app'] },
];

const urls: Row[] = [
	{ name: 'user:pw@host', text: 'fatal: unable to access https://ci-bot:hunter2pass@git.example.com/repo.git/', secrets: ['hunter2pass'], keep: ['git.example.com/repo.git'] },
	{ name: 'password with /', text: 'cloning https://ci:pa/ss9w@git.example.com/org/repo', secrets: ['pa/ss9w', 'ss9w'], keep: ['git.example.com/org/repo'] },
	{ name: 'password with @', text: 'remote https://ci:p@ss@w0rd@git.example.com/org/repo', secrets: ['p@ss@w0rd', 'w0rd'], keep: ['/org/repo'] },
	{ name: 'empty user', text: 'REDIS_URL=redis://:r3disP4ss@redis:6379/0 connected', secrets: ['r3disP4ss'], keep: ['connected'] },
	{ name: 'postgres URL', text: 'DATABASE_URL=postgres://app:pgUrlPw@db:5432/app?sslmode=require', secrets: ['pgUrlPw'], keep: [] },
	{ name: 'amqp URL', text: 'broker amqp://guest:amqpPw1@rabbit:5672// ready', secrets: ['amqpPw1'], keep: ['ready'] },
	{ name: 'mongodb+srv URL', text: 'mongodb+srv://u:m0ngoPw@cluster0.example.net/db', secrets: ['m0ngoPw'], keep: [] },
	{ name: 'token as URL user', text: 'remote: https://x0123456789abcdef0123456789@github.com/org/repo', secrets: ['x0123456789abcdef0123456789'], keep: ['github.com/org/repo'] },
	{ name: 'x-access-token user', text: `https://x-access-token:${S.github}@github.com/org/repo.git`, secrets: [S.github], keep: ['github.com/org/repo.git'] },
	{ name: 'oauth2 gitlab user', text: `git clone https://oauth2:${S.gitlab}@gitlab.com/g/p.git`, secrets: [S.gitlab], keep: ['gitlab.com/g/p.git'] },
	{ name: '?auth=', text: 'GET https://api.example.com/v1/items?auth=Qa9zX7cV&page=2', secrets: ['Qa9zX7cV'], keep: ['page=2'] },
	{ name: '?token=', text: 'opening wss://events.example.com/stream?token=tokQ123z', secrets: ['tokQ123z'], keep: [] },
	{ name: '?key=', text: 'https://maps.example.com/api?key=keyVal778&q=x', secrets: ['keyVal778'], keep: ['q=x'] },
	{ name: '?access_token=', text: 'https://graph.example.com/me?access_token=EAAb12cd34', secrets: ['EAAb12cd34'], keep: [] },
	{ name: '&api_key=', text: 'https://api.example.com/x?format=json&api_key=ak-55-66', secrets: ['ak-55-66'], keep: ['format=json'] },
	{ name: 'SAS sig=', text: `https://acct.blob.core.windows.net/c/b?sv=2021-08-06&se=2030-01-01&sr=b&sp=r&sig=${S.sasSig}`, secrets: [S.sasSig], keep: ['sv=2021-08-06'] },
	{ name: 'S3 X-Amz-Signature', text: `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${S.amzSig}`, secrets: [S.amzSig], keep: ['X-Amz-Algorithm=AWS4-HMAC-SHA256'] },
	{ name: 'S3 X-Amz-Security-Token', text: 'https://b.s3.amazonaws.com/k?X-Amz-Security-Token=FwoGZXIvYXdzEBc%2F%2F', secrets: ['FwoGZXIvYXdzEBc'], keep: [] },
	{ name: 'GCS X-Goog-Signature', text: 'https://storage.googleapis.com/b/o?X-Goog-Signature=9a8b7c6d5e4f3a2b', secrets: ['9a8b7c6d5e4f3a2b'], keep: [] },
	{ name: 'Azure AccountKey', text: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${S.azureKey};EndpointSuffix=core.windows.net`, secrets: [S.azureKey], keep: ['AccountName=acct', 'EndpointSuffix=core.windows.net'] },
	{ name: 'Azure SharedAccessSignature', text: `BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2021-08-06&ss=b&sig=${S.sasSig}`, secrets: [S.sasSig], keep: ['BlobEndpoint='] },
	{ name: 'Service Bus SharedAccessKey', text: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=SbK3y+abc/def=', secrets: ['SbK3y+abc/def='], keep: ['SharedAccessKeyName=Root'] },
	{ name: 'ftp URL', text: 'ftp://mirror:ftpPw55@ftp.example.org/pub', secrets: ['ftpPw55'], keep: ['ftp.example.org/pub'] },
	{ name: 'JDBC query password', text: 'jdbc:mysql://db:3306/app?user=app&password=jdbcPw9', secrets: ['jdbcPw9'], keep: ['user=app'] },
	{ name: 'pip index URL', text: 'pip install --index-url https://__token__:pipIdxPw@pypi.example/simple pkg', secrets: ['pipIdxPw'], keep: ['pypi.example/simple pkg'] },
];

const headers: Row[] = [
	{ name: 'Authorization Bearer', text: 'curl -H "Authorization: Bearer abcdef0123456789abcdef" https://api', secrets: ['abcdef0123456789abcdef'], keep: ['https://api'] },
	{ name: 'Authorization Basic', text: 'Authorization: Basic dXNlcjpodW50ZXIy', secrets: ['dXNlcjpodW50ZXIy'], keep: ['Authorization: Basic'] },
	{ name: 'authorization token (Gitea)', text: 'authorization: token 6f1d2c3b4a5e6f7a8b9c', secrets: ['6f1d2c3b4a5e6f7a8b9c'], keep: [] },
	{ name: 'Proxy-Authorization', text: 'Proxy-Authorization: Basic cHJveHk6cHc=', secrets: ['cHJveHk6cHc='], keep: [] },
	{ name: 'Authorization AWS4', text: 'Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7', secrets: ['5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7'], keep: [] },
	{ name: 'JSON Authorization header', text: '{"headers":{"Authorization":"Bearer jsonHdrTok123456","Accept":"application/json"}}', secrets: ['jsonHdrTok123456'], keep: ['"Accept":"application/json"'] },
	{ name: 'Cookie header', text: 'Cookie: session=c00kieVal; csrftoken=csrfV4l', secrets: ['c00kieVal', 'csrfV4l'], keep: ['Cookie:'] },
	{ name: 'Set-Cookie header', text: 'Set-Cookie: sid=s1dV4lue; Path=/; HttpOnly', secrets: ['s1dV4lue'], keep: ['Set-Cookie:'] },
	{ name: 'X-Api-Key header', text: 'X-Api-Key: xak-7788-9900', secrets: ['xak-7788-9900'], keep: ['X-Api-Key:'] },
	{ name: 'X-Auth-Token header', text: 'X-Auth-Token: xat99887766', secrets: ['xat99887766'], keep: [] },
	{ name: 'GitLab Private-Token', text: '--header "PRIVATE-TOKEN: prvTok12345"', secrets: ['prvTok12345'], keep: [] },
	{ name: 'X-Vault-Token', text: 'X-Vault-Token: s.vaultTok9', secrets: ['s.vaultTok9'], keep: [] },
	{ name: 'Azure api-key header', text: 'api-key: azOpenAiKey42', secrets: ['azOpenAiKey42'], keep: [] },
	{ name: 'bare Bearer in prose', text: 'sending Bearer eyQ1w2e3r4t5y6u7i8o9 to the API', secrets: ['eyQ1w2e3r4t5y6u7i8o9'], keep: ['to the API'] },
];

const registry: Row[] = [
	{ name: 'docker config.json compact', text: '{"auths":{"registry.example.com":{"auth":"dXNlcjpkb2NrZXJwYXNz"}}}', secrets: ['dXNlcjpkb2NrZXJwYXNz'], keep: ['registry.example.com'] },
	{ name: 'docker config.json pretty', text: '{\n  "auths": {\n    "ghcr.io": {\n      "auth": "Z2hjcjp0b2tlbjEyMw=="\n    }\n  }\n}', secrets: ['Z2hjcjp0b2tlbjEyMw=='], keep: ['ghcr.io'] },
	{ name: 'docker identitytoken', text: '"identitytoken": "idTok-4455"', secrets: ['idTok-4455'], keep: [] },
	{ name: '.npmrc _auth', text: '_auth=dXNlcjpucG1wYXNz', secrets: ['dXNlcjpucG1wYXNz'], keep: ['_auth='] },
	{ name: '.npmrc scoped _authToken', text: '//npm.example.com/:_authToken=npmScopedTok9', secrets: ['npmScopedTok9'], keep: ['//npm.example.com/:_authToken='] },
	{ name: '.npmrc _password', text: '//npm.example.com/:_password=bnBtcGFzcw==', secrets: ['bnBtcGFzcw=='], keep: [] },
	{ name: 'npm token', text: `//registry.npmjs.org/:_authToken=${S.npm}`, secrets: [S.npm], keep: [] },
	{ name: 'PyPI token bare', text: `uploading with ${S.pypi} to pypi`, secrets: [S.pypi, S.pypi.slice(5, 30)], keep: ['to pypi'] },
	{ name: 'TWINE_PASSWORD', text: 'TWINE_PASSWORD=tw1nePw', secrets: ['tw1nePw'], keep: [] },
	{ name: '.pypirc password', text: '[pypi]\nusername = __token__\npassword = pypirc-Pw-22', secrets: ['pypirc-Pw-22'], keep: ['username = __token__'] },
	{ name: 'NuGet API key flag', text: 'dotnet nuget push pkg.nupkg --api-key nuGetK3y9 --source s', secrets: ['nuGetK3y9'], keep: ['--source s'] },
	{ name: 'gem credentials', text: ':rubygems_api_key: rubygems_0123abcd4567', secrets: ['rubygems_0123abcd4567'], keep: [] },
	{ name: 'Maven settings password', text: '<password>{mvnEnc9Pw}</password>', secrets: ['mvnEnc9Pw'], keep: [] },
	{ name: 'Helm repo add --password', text: 'helm repo add r https://charts --username u --password H3lmPw', secrets: ['H3lmPw'], keep: [] },
];

const cloud: Row[] = [
	{ name: 'bare AWS access key ID', text: `using ${S.awsId} for upload`, secrets: [S.awsId], keep: ['for upload'] },
	{ name: 'bare AWS session key ID', text: `temporary credentials ${S.awsSessionId} expire soon`, secrets: [S.awsSessionId], keep: ['expire soon'] },
	{ name: 'aws_access_key_id', text: `aws_access_key_id=${S.awsId}`, secrets: [S.awsId], keep: [] },
	{ name: 'Google API key', text: `maps client key ${S.google} loaded`, secrets: [S.google], keep: ['loaded'] },
	{ name: 'GCP service account private_key', text: `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${pemLines[0]}\\n-----END PRIVATE KEY-----\\n", "client_email": "sa@p.iam.gserviceaccount.com"}`, secrets: [pemLines[0]], keep: ['client_email'] },
	{ name: 'Azure client secret env', text: 'AZURE_CLIENT_SECRET=azCl~3ntSecr3t', secrets: ['azCl~3ntSecr3t'], keep: [] },
	{ name: 'GOOGLE_API_KEY env', text: `GOOGLE_API_KEY=${S.google}`, secrets: [S.google], keep: [] },
];

const providers: Row[] = [
	{ name: 'GitHub classic token', text: `git clone https://github.com/x/y (token ${S.github})`, secrets: [S.github], keep: ['git clone https://github.com/x/y'] },
	{ name: 'GitHub fine-grained token', text: `GH=${S.githubFine}`, secrets: [S.githubFine], keep: [] },
	{ name: 'GitLab PAT', text: `glab auth with ${S.gitlab}`, secrets: [S.gitlab], keep: ['glab auth with'] },
	{ name: 'Slack bot token', text: `posting with ${S.slack}`, secrets: [S.slack], keep: ['posting with'] },
	{ name: 'npm token bare', text: `publish ${S.npm}`, secrets: [S.npm], keep: [] },
	{ name: 'Stripe live key', text: `stripe key ${S.stripe}`, secrets: [S.stripe], keep: [] },
	{ name: 'SendGrid key', text: `mail via ${S.sendgrid}`, secrets: [S.sendgrid], keep: [] },
	{ name: 'OpenAI project key', text: `OPENAI ${S.openai}`, secrets: [S.openai], keep: [] },
	{ name: 'Hugging Face token', text: `hub login ${S.huggingface}`, secrets: [S.huggingface], keep: [] },
	{ name: 'Vault service token', text: `vault token ${S.vault}`, secrets: [S.vault], keep: [] },
	{ name: 'Docker PAT', text: `docker pat ${S.dockerPat}`, secrets: [S.dockerPat], keep: [] },
	{ name: 'JWT', text: `using id token ${S.jwt} for login`, secrets: [S.jwt], keep: ['for login'] },
	{ name: 'token coloured by ANSI codes', text: `token ${S.github.slice(0, 10)}\u001b[31m${S.github.slice(10)}\u001b[0m used`, secrets: [S.github.slice(10)], keep: ['used'] },
];

const entropy: Row[] = [
	{ name: 'bare high-entropy value in prose', text: `retrying with ${S.entropy} now`, secrets: [S.entropy], keep: ['retrying with', 'now'] },
	{ name: 'high-entropy value after an unknown key', text: `X_SIGNING=${S.entropy}`, secrets: [S.entropy], keep: ['X_SIGNING='] },
	{ name: 'base64 key material without header', text: `line 12: ${pemLines[1]}`, secrets: [pemLines[1]], keep: ['line 12:'] },
	{ name: 'high-entropy base64url', text: 'session id Zm9vYmFyYmF6cXV4-Qw3rT7yU_9iO2pL5kJ8hG', secrets: ['Zm9vYmFyYmF6cXV4-Qw3rT7yU_9iO2pL5kJ8hG'], keep: ['session id'] },
];

const manifests: Row[] = [
	{ name: 'Secret YAML', text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: YWRtaW4=\n  password: c3VwZXJzZWNyZXQ=\ntype: Opaque\n', secrets: ['YWRtaW4=', 'c3VwZXJzZWNyZXQ='], keep: ['name: db', 'username:', 'type: Opaque'] },
	{ name: 'Secret YAML, data before kind', text: 'apiVersion: v1\ndata:\n  api-key: YXBpLWtleS12YWx1ZQ==\nkind: Secret\nmetadata:\n  name: api\n', secrets: ['YXBpLWtleS12YWx1ZQ=='], keep: ['api-key:', 'name: api'] },
	{ name: 'Secret YAML in a List', text: 'apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    token: dG9rZW4tdjE=\n  kind: Secret\n  metadata:\n    name: t\n- apiVersion: v1\n  data:\n    color: blue\n  kind: ConfigMap\nkind: List\n', secrets: ['dG9rZW4tdjE='], keep: ['color: blue', 'token:'] },
	{ name: 'Secret YAML stringData block scalar', text: 'kind: Secret\nstringData:\n  config.yaml: |\n    user: app\n    dbpass: bl0ckScalarPw\n  plain: pl41nValue\n', secrets: ['bl0ckScalarPw', 'pl41nValue'], keep: ['config.yaml:', 'plain:'] },
	{ name: 'Secret YAML quoted kind, flow data', text: 'kind: "Secret"\ndata: {password: Zmxvdw==}\n', secrets: ['Zmxvdw=='], keep: [] },
	{ name: 'Secret YAML dockerconfigjson', text: 'kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: eyJhdXRocyI6eyJyZWcuZXhhbXBsZS5jb20iOnsiYXV0aCI6ImRYTmxjanB3WVhOeiJ9fX0=\n', secrets: ['eyJhdXRocyI6eyJyZWcuZXhhbXBsZS5jb20iOnsiYXV0aCI6ImRYTmxjanB3WVhOeiJ9fX0='], keep: ['.dockerconfigjson:'] },
	{ name: 'Secret JSON compact, data before kind', text: '{"apiVersion":"v1","data":{"token":"dG9rZW4tdmFsdWU="},"kind":"Secret","metadata":{"name":"x"}}', secrets: ['dG9rZW4tdmFsdWU='], keep: ['"name":"x"', '"token"'] },
	{ name: 'Secret JSON pretty, data before kind', text: '{\n    "apiVersion": "v1",\n    "data": {\n        "password": "cHJldHR5UHc=",\n        "user": "YXBw"\n    },\n    "kind": "Secret",\n    "type": "Opaque"\n}', secrets: ['cHJldHR5UHc=', 'YXBw'], keep: ['"type": "Opaque"'] },
	{ name: 'Secret JSON in a List', text: '{"apiVersion":"v1","items":[{"data":{"k":"bGlzdGVkUHc="},"kind":"Secret","metadata":{"name":"a"}},{"data":{"c":"blue"},"kind":"ConfigMap"}],"kind":"List"}', secrets: ['bGlzdGVkUHc='], keep: ['"c":"blue"'] },
	{ name: 'Secret JSON stringData', text: '{"kind":"Secret","stringData":{"password":"str1ngDataPw"}}', secrets: ['str1ngDataPw'], keep: [] },
	{ name: 'last-applied annotation, YAML block', text: 'apiVersion: v1\ndata:\n  password: bGFzdEFwcGxpZWQ=\nkind: Secret\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","data":{"password":"bGFzdEFwcGxpZWQ="},"kind":"Secret","metadata":{"annotations":{},"name":"db","namespace":"app"},"type":"Opaque"}\n  name: db\n', secrets: ['bGFzdEFwcGxpZWQ='], keep: ['"name":"db"', 'name: db'] },
	{ name: 'last-applied annotation, JSON string', text: '{"apiVersion":"v1","data":{"password":"bGFzdEpTT04="},"kind":"Secret","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"password\\":\\"bGFzdEpTT04=\\"},\\"kind\\":\\"Secret\\",\\"metadata\\":{\\"name\\":\\"db\\"}}\\n"},"name":"db"}}', secrets: ['bGFzdEpTT04='], keep: ['"name":"db"'] },
	{ name: 'last-applied annotation, quoted YAML string', text: 'kind: Secret\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: "{\\"data\\":{\\"password\\":\\"cXVvdGVkWWFtbA==\\"},\\"kind\\":\\"Secret\\"}"\n', secrets: ['cXVvdGVkWWFtbA=='], keep: [] },
];

const pemBlocks: Row[] = [
	{ name: 'PEM block whole', text: `before\n${pem()}\nafter`, secrets: pemLines, keep: ['before', 'after'] },
	{ name: 'PEM block cut by the end of the text', text: `key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n${pemLines[0]}\n${pemLines[1].slice(0, 20)}`, secrets: [pemLines[0], pemLines[1].slice(0, 20)], keep: ['key:'] },
	{ name: 'PEM tail without its header (head/tail gap)', text: `${pemLines[2]}\n${pemLines[3]}\n-----END RSA PRIVATE KEY-----\nnext step`, secrets: [pemLines[2], pemLines[3]], keep: ['next step'] },
	{ name: 'PEM last line alone before END', text: `${pemLines[3]}\n-----END PRIVATE KEY-----\nDone.`, secrets: [pemLines[3]], keep: ['Done.'] },
	{ name: 'EC PEM', text: pem('EC PRIVATE KEY'), secrets: pemLines, keep: [] },
];

/** Text that must stay: evidence, identifiers and placeholders. */
const evidence: Row[] = [
	{ name: 'service-account token path, permission denied', text: 'open /var/run/secrets/kubernetes.io/serviceaccount/token: permission denied', secrets: [], keep: ['open /var/run/secrets/kubernetes.io/serviceaccount/token: permission denied'] },
	{ name: 'password authentication failed', text: 'Error: password authentication failed for user "app"', secrets: [], keep: ['Error: password authentication failed for user "app"'] },
	{ name: 'token: then an error message', text: 'failed to read token: open /var/run/secrets/tokens/vault: no such file or directory', secrets: [], keep: ['failed to read token: open /var/run/secrets/tokens/vault: no such file or directory'] },
	{ name: 'token: context deadline', text: 'error getting token: context deadline exceeded', secrets: [], keep: ['error getting token: context deadline exceeded'] },
	{ name: 'secret not found', text: 'Error: secret "db-credentials" not found', secrets: [], keep: ['Error: secret "db-credentials" not found'] },
	{ name: 'git SHA', text: 'HEAD is now at 4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d fix build', secrets: [], keep: ['4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d'] },
	{ name: 'image digest', text: 'image: ghcr.io/org/app@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945', secrets: [], keep: ['sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945'] },
	{ name: 'UUID', text: 'request 123e4567-e89b-12d3-a456-426614174000 failed', secrets: [], keep: ['123e4567-e89b-12d3-a456-426614174000'] },
	{ name: 'file path', text: 'File "/usr/lib/python3.11/site-packages/requests/adapters.py", line 519, in send', secrets: [], keep: ['/usr/lib/python3.11/site-packages/requests/adapters.py'] },
	{ name: 'pod name with generated suffix', text: 'pod build-run-qwxzb-build-pod-7f9c8 failed', secrets: [], keep: ['build-run-qwxzb-build-pod-7f9c8'] },
	{ name: 'secretName reference', text: '      secretName: db-credentials', secrets: [], keep: ['secretName: db-credentials'] },
	{ name: 'secretKeyRef reference', text: 'valueFrom:\n  secretKeyRef:\n    name: db\n    key: password', secrets: [], keep: ['name: db', 'key: password'] },
	{ name: 'placeholder variable', text: 'password: ${DB_PASSWORD}', secrets: [], keep: ['${DB_PASSWORD}'] },
	{ name: 'masked value', text: 'password=*** token: <none>', secrets: [], keep: ['password=***', 'token: <none>'] },
	{ name: '--password-stdin', text: 'echo "$PW" | docker login --password-stdin -u ci registry', secrets: [], keep: ['--password-stdin -u ci registry'] },
	{ name: 'docker run -p port mapping', text: 'docker run -p 8080:80 -u 1000:1000 nginx', secrets: [], keep: ['-p 8080:80 -u 1000:1000 nginx'] },
	{ name: 'mysql port flag', text: 'mysql -h db -P 3306 -u root --password-file=/run/secrets/pw', secrets: [], keep: ['-P 3306', '/run/secrets/pw'] },
	{ name: 'LLM token counts', text: 'usage: prompt_tokens=812 completion_tokens=64 max_tokens: 4096', secrets: [], keep: ['prompt_tokens=812 completion_tokens=64 max_tokens: 4096'] },
	{ name: 'token count and type', text: 'token_count: 12 token_type: Bearer', secrets: [], keep: ['token_count: 12 token_type: Bearer'] },
	{ name: 'Java stack frame', text: 'at com.example.security.TokenService.refreshToken(TokenService.java:42)', secrets: [], keep: ['at com.example.security.TokenService.refreshToken(TokenService.java:42)'] },
	{ name: 'prose about tokens', text: 'invalid token: the token has expired', secrets: [], keep: ['invalid token: the token has expired'] },
	{ name: 'plain URL', text: 'pushing to https://gitea.example.com:3000/org/repo.git and https://registry.npmjs.org/@babel/core', secrets: [], keep: ['https://gitea.example.com:3000/org/repo.git', 'https://registry.npmjs.org/@babel/core'] },
	{ name: 'URL with ordinary query', text: 'GET http://api:8080/v1/items?page=2&limit=50 200', secrets: [], keep: ['?page=2&limit=50'] },
	{ name: 'ConfigMap data', text: 'kind: ConfigMap\ndata:\n  color: blue\n  LOG_LEVEL: debug', secrets: [], keep: ['color: blue', 'LOG_LEVEL: debug'] },
	{ name: 'booleans and flags', text: 'auth: true\ntls: false\npassword_required: true', secrets: [], keep: ['auth: true', 'password_required: true'] },
	{ name: 'TypeScript error', text: "src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.", secrets: [], keep: ["src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'."] },
	{ name: 'npm error', text: 'npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/@scope%2fpkg', secrets: [], keep: ['npm ERR! code E404', 'https://registry.npmjs.org/@scope%2fpkg'] },
	{ name: 'test summary with pass', text: 'Tests: 12 passed, 0 failed; bypass_cache=1 passes=12', secrets: [], keep: ['Tests: 12 passed, 0 failed; bypass_cache=1 passes=12'] },
	{ name: 'camelCase Java class', text: 'at org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.createBean(AbstractAutowireCapableBeanFactory.java:517)', secrets: [], keep: ['AbstractAutowireCapableBeanFactory.java:517'] },
	{ name: 'md5 checksum', text: 'Checksum: d41d8cd98f00b204e9800998ecf8427e OK', secrets: [], keep: ['d41d8cd98f00b204e9800998ecf8427e'] },
	{ name: 'Kubernetes secret type', text: 'type: kubernetes.io/service-account-token', secrets: [], keep: ['type: kubernetes.io/service-account-token'] },
	{ name: 'Authorization failed message', text: 'Authorization failed - please check your credentials', secrets: [], keep: ['Authorization failed - please check your credentials'] },
	{ name: 'token file flag', text: '--token-file=/var/run/secrets/token --kubeconfig /etc/kube/config', secrets: [], keep: ['/var/run/secrets/token', '/etc/kube/config'] },
	{ name: 'Go module version', text: 'go: downloading golang.org/x/crypto v0.21.0 h1:X31++rzVUdKhX5sWmSOFZxx8UW/ldWx55cbf08iNAMA=', secrets: [], keep: ['golang.org/x/crypto v0.21.0'] },
	{ name: 'Tekton names', text: 'TaskRun pipeline-run-x7k2p-build-image failed: step-build exited with code 1', secrets: [], keep: ['pipeline-run-x7k2p-build-image failed: step-build exited with code 1'] },
	{ name: 'MySQL access denied', text: "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)", secrets: [], keep: ["ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)"] },
	{ name: 'MySQL password warning', text: 'mysql: [Warning] Using a password on the command line interface can be insecure.', secrets: [], keep: ['mysql: [Warning] Using a password on the command line interface can be insecure.'] },
	{ name: 'password from a variable', text: 'echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin', secrets: [], keep: ['echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin'] },
	{ name: 'Go test result', text: '--- PASS: TestPasswordValidation (0.02s)\nPASS: test_password_reset (0.01s)', secrets: [], keep: ['--- PASS: TestPasswordValidation (0.02s)', 'PASS: test_password_reset (0.01s)'] },
	{ name: 'key: label', text: 'key: app.kubernetes.io/name', secrets: [], keep: ['key: app.kubernetes.io/name'] },
];

const tag = (family: string, rows: Row[]): Shape[] => rows.map((row) => ({ family, ...row }));

export const SHAPES: Shape[] = [
	...tag('key-value', keyValue),
	...tag('quoted', quoted),
	...tag('flags', flags),
	...tag('url', urls),
	...tag('header', headers),
	...tag('registry', registry),
	...tag('cloud', cloud),
	...tag('provider', providers),
	...tag('entropy', entropy),
	...tag('manifest', manifests),
	...tag('pem', pemBlocks),
	...tag('evidence', evidence),
];

/** Whether a redacted text satisfies its row. */
export function shapeHolds(shape: Shape, redacted: string): boolean {
	if (shape.secrets.some((secret) => redacted.includes(secret))) return false;
	if (shape.secrets.length && !redacted.includes('[REDACTED')) return false;
	return shape.keep.every((kept) => redacted.includes(kept));
}
