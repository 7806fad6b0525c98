'use strict';
// examples/agent.json (Manual Trigger -> AI Agent with an OpenAI Chat Model and two Bandwidth
// WebRTC Tools) as `npm run dev` and the e2e checks import it: the file as shipped, with only the
// credential references swapped (and, when asked, a tool left out or another workflow id).
const fs = require('fs');
const path = require('path');

const AGENT_EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'agent.json');

/** The example with `openAiCred` and `brtcCred` ({id, name}) in place of its placeholders. */
function agentWorkflow({ id, name, openAiCred, brtcCred, withoutNodes = [] }) {
	const workflow = JSON.parse(fs.readFileSync(AGENT_EXAMPLE, 'utf8'));
	workflow.id = id;
	if (name) workflow.name = name;
	workflow.nodes = workflow.nodes
		.filter((node) => !withoutNodes.includes(node.name))
		.map((node) => {
			if (!node.credentials) return node;
			const credentials = {};
			for (const type of Object.keys(node.credentials)) {
				const cred = type === 'openAiApi' ? openAiCred : brtcCred;
				credentials[type] = { id: cred.id, name: cred.name };
			}
			return { ...node, credentials };
		});
	for (const gone of withoutNodes) delete workflow.connections[gone];
	return workflow;
}

/** An `openAiApi` credential whose Base URL is the scripted model server (test/stack/modelServer.js). */
function openAiCredential({ id, name, baseUrl, apiKey = 'sk-scripted-model-not-a-real-key' }) {
	return { id, name, type: 'openAiApi', data: { apiKey, url: baseUrl } };
}

module.exports = { AGENT_EXAMPLE, agentWorkflow, openAiCredential };
