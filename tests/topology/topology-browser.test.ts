import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, BrowserContext } from 'playwright-core';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { exampleCluster, exampleClusters } from '../helpers';

// Opens the generated pictures in Debian's Chromium, as a reviewer's browser would: they must render, hold the
// labels that matter, and no two labels may overlap. CI installs chromium (.ci/run); elsewhere the test is skipped
// with a message when it is missing.
// The functions given to page.evaluate run in the page, where these exist.
declare const document: any;
declare const Image: any;

const CHROMIUM = process.env.HANOK_CHROMIUM ?? '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
if (!available && process.env.CI) {
  throw new Error(`${CHROMIUM} is missing; .ci/run installs chromium`);
}
if (!available) {
  console.warn(`skipping the browser test of topology.svg: ${CHROMIUM} is not installed (apt-get install chromium)`);
}
const describeWithBrowser = available ? describe : describe.skip;

interface Rendered {
  width: number;
  height: number;
  texts: string[];
  overlaps: string[];
  inkPixels: number;
}

describeWithBrowser('topology.svg in Chromium', () => {
  let browser: BrowserContext;
  let profile: string;
  jest.setTimeout(120_000);

  beforeAll(async () => {
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-chromium-'));
    // A fresh profile (--user-data-dir) per run, and no background traffic.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1200 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });

  async function render(svg: string): Promise<Rendered> {
    const page = await browser.newPage();
    try {
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg.replace(/^[\s\S]*?(<svg)/, '$1')}</body></html>`);
      const facts = await page.evaluate(() => {
        const root = document.querySelector('svg')!;
        const boxes = [...root.querySelectorAll('text')].map((text) => ({ text: text.textContent ?? '', box: text.getBoundingClientRect() }));
        const overlaps: string[] = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].box;
            const b = boxes[j].box;
            // One pixel of slack: lines of one label touch.
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps.push(`${boxes[i].text} / ${boxes[j].text}`);
          }
        }
        const size = root.getBoundingClientRect();
        return { width: size.width, height: size.height, texts: boxes.map((entry) => entry.text), overlaps };
      });
      // The screenshot, read back through a canvas: a drawing that rendered has dark pixels (text, lines).
      const png = await page.screenshot({ fullPage: false });
      const inkPixels = await page.evaluate(async (data) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        let dark = 0;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 300) dark++;
        return dark;
      }, png.toString('base64'));
      return { ...facts, inkPixels };
    } finally {
      await page.close();
    }
  }

  test('the lab picture shows machines, the HAProxy path, routes, volumes on NFS, the registry and the pool', async () => {
    const svg = synthesizeCluster(exampleCluster('lab')).files.get('topology.svg')!;
    const rendered = await render(svg);
    expect(rendered.width).toBeGreaterThan(500);
    expect(rendered.inkPixels).toBeGreaterThan(2000);
    expect(rendered.overlaps).toEqual([]);
    const text = rendered.texts.join('\n');
    for (const label of [
      'test-master',
      '192.168.111.169',
      'control-plane',
      'HAProxy host',
      ':80 → NodePort 32334',
      'Service traefik/traefik',
      'Gateway traefik/cluster-gateway',
      'HTTPRoute docker-registry/ingress-docker-registry',
      'registry registry.localtest.com',
      'NFS server 192.168.111.177',
      'PV pv-docker-registry',
      'MetalLB pool default',
      '192.168.111.200-192.168.111.220',
      'layer openfx',
      'legend',
    ]) {
      expect(text).toContain(label);
    }
  });

  test('the OpenMCP master has a picture of its federation by region and zone', async () => {
    const svg = synthesizeCluster(exampleCluster('openmcp'), { allClusters: exampleClusters() }).files.get('openmcp-fleet.svg')!;
    const rendered = await render(svg);
    expect(rendered.overlaps).toEqual([]);
    expect(rendered.inkPixels).toBeGreaterThan(500);
    const text = rendered.texts.join('\n');
    for (const label of ['master openmcp', 'member cluster1', 'member cluster2', 'region AS (Asia)', 'zone KR']) {
      expect(text).toContain(label);
    }
  });
});
