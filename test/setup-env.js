// n8n-core reads its user folder when it is first loaded: point it at a throwaway folder so
// tests never touch ~/.n8n.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bw-webrtc-test-'));
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// A throwaway key, so n8n-core does not generate and announce one.
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || require('crypto').randomBytes(24).toString('hex');
