// The transport honours HTTP_PROXY / NO_PROXY as n8n's own requests do. Jest gives each test file
// its own module registry, so the dispatcher here is built after the variables are set.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

import { GiteaClient } from '../../../nodes/shared/gitea';
import { GiteaStandin } from '../../support/gitea-standin';

describe('proxy from the environment', () => {
	let proxy: Server;
	const tunnels: string[] = [];
	const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

	beforeAll(async () => {
		proxy = createServer((_req, res) => {
			res.statusCode = 405;
			res.end();
		});
		// A CONNECT proxy, as undici's ProxyAgent uses for every request.
		proxy.on('connect', (req, client, head) => {
			tunnels.push(req.url ?? '');
			const [host, port] = (req.url ?? '').split(':');
			const upstream = connect(Number(port), host, () => {
				client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				upstream.write(head);
				upstream.pipe(client);
				client.pipe(upstream);
			});
			upstream.on('error', () => client.destroy());
			client.on('error', () => upstream.destroy());
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
		delete process.env.NO_PROXY;
	});

	afterAll(async () => {
		process.env.HTTP_PROXY = saved.HTTP_PROXY;
		if (saved.HTTP_PROXY === undefined) delete process.env.HTTP_PROXY;
		if (saved.NO_PROXY !== undefined) process.env.NO_PROXY = saved.NO_PROXY;
		proxy.closeAllConnections();
		await new Promise((resolve) => proxy.close(resolve));
	});

	it('sends requests through HTTP_PROXY', async () => {
		const standin = await GiteaStandin.start();
		const user = await new GiteaClient({ serverUrl: standin.url, accessToken: 'test-token' }).getCurrentUser();
		expect(user.login).toBe('ci-bot');
		expect(tunnels).toEqual([new URL(standin.url).host]);
		await standin.stop();
	});
});
