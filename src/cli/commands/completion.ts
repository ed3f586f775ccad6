import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { cliResources } from "../kinds.js";
import type { RegisterCommand } from "./index.js";

const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

export const registerCompletion: RegisterCommand = (program: Command) => {
  program
    .command("completion")
    .description(
      "Print a shell completion script: commands, flags, kinds (with short names) and files for -f. " +
        "bash: source <(fedplane completion bash); zsh: source <(fedplane completion zsh); fish: fedplane completion fish | source",
    )
    .argument("<shell>", SHELLS.join(", "))
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`no completion for shell "${shell}": use one of ${SHELLS.join(", ")}`);
      process.stdout.write(script(shell as Shell, program));
    });
};

interface Words {
  /** "get", "cluster register", ... */
  path: string;
  flags: string[];
  subcommands: string[];
}

/** The program as completion needs it, read from commander's own definitions so it cannot drift. */
function words(command: Command, prefix = ""): Words[] {
  return command.commands.flatMap((c) => {
    const path = `${prefix}${c.name()}`;
    const flags = c.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
    return [{ path, flags: [...flags, "--help"], subcommands: c.commands.map((s) => s.name()) }, ...words(c, `${path} `)];
  });
}

/** Every spelling of every kind `get` and `delete` take, short names included. */
const kinds = () => [...new Set(cliResources.flatMap((r) => r.spellings.filter((s) => !s.includes("."))))].sort();

/** Commands whose first argument is a kind. */
const KIND_COMMANDS = ["get", "delete", "watch"];

function bash(program: Command): string {
  const all = words(program);
  const cases = all
    .filter((w) => !w.path.includes(" ") || w.subcommands.length === 0)
    .map((w) => `    "${w.path}") words="${[...w.subcommands, ...w.flags, ...(KIND_COMMANDS.includes(w.path) ? kinds() : [])].join(" ")}" ;;`)
    .join("\n");
  return `# fedplane completion for bash: source <(fedplane completion bash)
_fedplane() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" words path
  if [[ "$prev" == "-f" || "$prev" == "--filename" || "$prev" == "--kubeconfig" || "$prev" == "--remote-kubeconfig" ]]; then
    COMPREPLY=( $(compgen -f -- "$cur") )
    return
  fi
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=( $(compgen -W "${program.commands.map((c) => c.name()).join(" ")} --help --version" -- "$cur") )
    return
  fi
  path="\${COMP_WORDS[1]}"
  if [[ $COMP_CWORD -gt 2 && "\${COMP_WORDS[2]}" != -* ]]; then
    case "\${COMP_WORDS[1]} \${COMP_WORDS[2]}" in
${all.filter((w) => w.path.includes(" ")).map((w) => `      "${w.path}") path="${w.path}" ;;`).join("\n")}
    esac
  fi
  case "$path" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _fedplane fedplane
`;
}

function fish(program: Command): string {
  const lines = ["# fedplane completion for fish: fedplane completion fish | source", "complete -c fedplane -f"];
  for (const c of program.commands) lines.push(`complete -c fedplane -n __fish_use_subcommand -a ${c.name()} -d ${JSON.stringify(c.description().split(".")[0])}`);
  for (const w of words(program)) {
    const [top, sub] = w.path.split(" ");
    const when = sub ? `"__fish_seen_subcommand_from ${top}; and __fish_seen_subcommand_from ${sub}"` : `"__fish_seen_subcommand_from ${top}"`;
    if (w.subcommands.length) lines.push(`complete -c fedplane -n ${when} -a "${w.subcommands.join(" ")}"`);
    if (KIND_COMMANDS.includes(w.path)) lines.push(`complete -c fedplane -n ${when} -a "${kinds().join(" ")}"`);
    for (const f of w.flags) {
      const file = f === "-f" || f === "--filename" || f.endsWith("kubeconfig") ? " -F" : "";
      lines.push(`complete -c fedplane -n ${when} ${f.startsWith("--") ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`}${file}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function script(shell: Shell, program: Command): string {
  if (shell === "fish") return fish(program);
  if (shell === "bash") return bash(program);
  // zsh runs the bash completion through its bashcompinit layer: one definition for both shells.
  return `# fedplane completion for zsh: source <(fedplane completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(program)}`;
}
