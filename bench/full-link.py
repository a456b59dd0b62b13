#!/usr/bin/env python3
"""Spike (issue 13): links every module of the sample, automatic ones included, into one JDK image.

Gives each automatic jar of app-sample/launcher/target/modules an open module descriptor (jdeps
--generate-module-info, made `open`, with `uses` for every service type it can read, and with the
exports/provides jdeps writes for packages or services that are not there dropped), then links every
module with jlink. Measured with -Xlog:startuptime: see docs/benchmarks.md ("a fully linked image").
Not the shipped image: OpenTelemetry and Flyway do not work in it yet (the same page says why).

Usage: bench/full-link.py <work dir>   (JDK 17 on the PATH; the sample built with mvn install)
Then:  <work dir>/image/bin/java -Xlog:startuptime --add-modules "$(cat <work dir>/roots.txt),jdk.jfr,jdk.zipfs" \\
         -Dbento.service-name=shop -Dbento.contracts=app-sample/contracts \\
         -m bento.runtime.micronaut/com.bento.runtime.micronaut.BentoMicronaut -micronaut.server.port=18306
"""
import glob, os, re, shutil, subprocess, sys, zipfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = os.path.abspath(sys.argv[1])
modules = os.path.join(root, 'app-sample/launcher/target/modules')
java_home = os.path.dirname(os.path.dirname(os.path.realpath(shutil.which('java'))))
shutil.rmtree(work, ignore_errors=True)
for d in ('explicit', 'automatic', 'generated', 'classes', 'src', 'linked'):
    os.makedirs(os.path.join(work, d))


def has_descriptor(jar):
    names = zipfile.ZipFile(jar).namelist()
    return any(n == 'module-info.class' or re.match(r'META-INF/versions/\d+/module-info.class$', n) for n in names)


for jar in sorted(glob.glob(modules + '/*.jar')):
    shutil.copy(jar, os.path.join(work, 'explicit' if has_descriptor(jar) else 'automatic'))
explicit = sorted(glob.glob(work + '/explicit/*.jar'))
automatic = sorted(glob.glob(work + '/automatic/*.jar'))
subprocess.run(['jdeps', '--ignore-missing-deps', '--multi-release', '17', '--module-path',
                f'{work}/explicit:{work}/automatic', '--generate-module-info', f'{work}/generated'] + automatic,
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def automatic_name(jar):
    manifest = zipfile.ZipFile(jar).read('META-INF/MANIFEST.MF').decode('utf-8', 'replace')
    found = re.search(r'Automatic-Module-Name:\s*(\S+)', manifest)
    return found.group(1) if found else None


info = {}
for d in os.listdir(f'{work}/generated'):
    info[d] = open(glob.glob(f'{work}/generated/{d}/**/module-info.java', recursive=True)[0]).read()
jar_of = {}
for jar in automatic:
    name = automatic_name(jar)
    if name not in info:  # no Automatic-Module-Name: jdeps derived the name from the file name
        flat = re.sub(r'[-._]', '', os.path.basename(jar))
        name = next(k for k in info if re.sub(r'[._]', '', k) in flat)
    jar_of[name] = jar

services = set()
for jar in automatic + explicit:
    for entry in zipfile.ZipFile(jar).namelist():
        if entry.startswith('META-INF/services/') and not entry.endswith('/'):
            services.add(entry[len('META-INF/services/'):])
for text in info.values():
    services |= set(re.findall(r'provides\s+([\w.$]+)\s+with', text))
exports = {k: set(re.findall(r'exports\s+([\w.]+);', t)) for k, t in info.items()}
requires = {k: set(re.findall(r'requires\s+(?:transitive\s+|static\s+)*([\w.]+);', t)) for k, t in info.items()}
classes = {e[:-6].replace('/', '.') for jar in automatic for e in zipfile.ZipFile(jar).namelist() if e.endswith('.class')}
# Micronaut loads this one through ServiceLoader from its core without any jar providing it here
extra_uses = {'io.micronaut.micronaut_core': ['io.micronaut.core.optim.StaticOptimizations.Loader']}

for jar in explicit:
    shutil.copy(jar, f'{work}/linked')
for name, text in info.items():
    readable = set(exports[name])
    for required in requires[name]:
        readable |= exports.get(required, set())
    uses = {s.replace('$', '.') for s in services
            if s.split('$')[0].rsplit('.', 1)[0] in readable and s.split('$')[0] in classes}
    uses |= set(extra_uses.get(name, []))
    body = text.replace('module ' + name, 'open module ' + name, 1).rstrip().rstrip('}')
    body += ''.join(f'    uses {u};\n' for u in sorted(uses)) + '}\n'
    src = f'{work}/src/{name}/module-info.java'
    os.makedirs(os.path.dirname(src))
    module_path = ':'.join(j for j in automatic + explicit if j != jar_of[name])
    for _ in range(4):  # drop what javac finds missing: exports of empty packages, provides of absent services
        open(src, 'w').write(body)
        done = subprocess.run(['javac', '-nowarn', '--module-path', module_path, '--patch-module', f'{name}={jar_of[name]}',
                               '-d', f'{work}/classes/{name}', src], capture_output=True, text=True)
        if done.returncode == 0:
            break
        for p in re.findall(r'package is empty or does not exist: ([\w.]+)', done.stderr):
            body = body.replace(f'    exports {p};\n', '')
        for p in re.findall(r'package ([\w.]+) does not exist', done.stderr):
            body = re.sub(r'    provides ' + re.escape(p) + r'\.[\w.$]+ with[^;]*;\n', '', body)
    else:
        sys.exit(f'{name}: its module-info does not compile:\n{done.stderr}')
    target = f'{work}/linked/{os.path.basename(jar_of[name])}'
    shutil.copy(jar_of[name], target)
    subprocess.run(['jar', '--update', '--file', target, '-C', f'{work}/classes/{name}', 'module-info.class'], check=True)


def module_name(jar):
    lines = subprocess.run(['jar', '--describe-module', '--file', jar], capture_output=True, text=True).stdout.splitlines()
    first = next(l for l in lines if l and not l.startswith('releases'))
    # "No root module descriptor": a descriptor only under META-INF/versions (Netty's); such a module is
    # resolved as a requirement of the others, not named as a root
    return None if first.startswith('No ') else re.split(r'[@ ]', first)[0]


# error_prone_annotations is compile-time only and requires java.compiler (as in jlink/build-image.sh)
roots = [n for n in (module_name(j) for j in sorted(glob.glob(f'{work}/linked/*.jar')) if 'error_prone' not in j) if n]
open(f'{work}/roots.txt', 'w').write(','.join(roots))
jdk = 'java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.unsupported,jdk.zipfs,jdk.jfr'
subprocess.run(['jlink', '--module-path', f'{java_home}/jmods:{work}/linked', '--add-modules', jdk + ',' + ','.join(roots),
                '--strip-debug', '--no-header-files', '--no-man-pages', '--compress=2', '--generate-cds-archive',
                '--output', f'{work}/image'], check=True)
print(f'{len(jar_of)} automatic jars given descriptors; the image in {work}/image has {len(roots)} root modules (the rest are linked as their requirements)')
