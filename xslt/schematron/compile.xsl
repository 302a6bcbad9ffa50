<?xml version="1.0" encoding="UTF-8"?>
<!--
  editio's Schematron compiler: turns an ISO Schematron schema (the subset below) into an
  XSLT 3.0 stylesheet that returns its findings as a JSON array of
  {rule, severity, path, message}. The path locates the offending node
  (/TEI[1]/text[1]/.../@when) so that editio can turn it into a line and column.

  Supported: sch:schema/@queryBinding xslt2|xslt3, sch:ns, sch:let (schema, pattern, rule),
  sch:pattern, sch:rule/@context, sch:assert and sch:report with @test, @id, @role
  (error | fatal, warning | warn | nonfatal, info | information) and @subject (ISO Schematron
  2016), sch:value-of, sch:name, sch:emph, sch:dir, sch:span, sch:title and sch:p
  (documentation), and xsl:param, xsl:key, xsl:function and xsl:variable children of sch:schema.
  The input is a Schematron schema, or a RelaxNG grammar with Schematron embedded (sch:ns and
  sch:pattern anywhere in it, as ODD-generated schemas carry them; their query binding is xslt2).
  Anything else stops the compilation with one message, "editio-unsupported PATH WHAT", where
  PATH is the path of the node at fault (src/load/elements.ts turns it into a line and column):
  better no rules than wrong ones.

  As in ISO Schematron, within one pattern a node is checked by the first rule whose
  context matches it; every pattern sees every node.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:axsl="urn:editio:alias:xsl"
  xmlns:sch="http://purl.oclc.org/dsdl/schematron"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:editio="urn:editio:schematron"
  xmlns:rng="http://relaxng.org/ns/structure/1.0"
  exclude-result-prefixes="sch xs editio rng">

  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:output method="xml" indent="yes" encoding="UTF-8"/>

  <xsl:variable name="TEI" select="'http://www.tei-c.org/ns/1.0'"/>

  <xsl:template match="/sch:schema">
    <xsl:if test="not(@queryBinding = ('xslt2', 'xslt3'))">
      <xsl:sequence select="editio:unsupported((@queryBinding, .)[1], 'the query binding ' || (@queryBinding, '(none: xslt1)')[1] || ' (use queryBinding=&quot;xslt2&quot; or &quot;xslt3&quot;)')"/>
    </xsl:if>
    <xsl:call-template name="editio:stylesheet">
      <xsl:with-param name="namespaces" select="sch:ns"/>
      <xsl:with-param name="patterns" select="sch:pattern"/>
      <xsl:with-param name="declarations" select="sch:let, xsl:param, xsl:key, xsl:function, xsl:variable"/>
      <xsl:with-param name="others" select="* except (sch:ns, sch:let, sch:pattern, sch:title, sch:p, xsl:key, xsl:function, xsl:variable, xsl:param)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Schematron embedded in a RelaxNG grammar: what is not an sch:ns or inside an sch:pattern is refused. -->
  <xsl:template match="/rng:grammar">
    <xsl:call-template name="editio:stylesheet">
      <xsl:with-param name="namespaces" select="//sch:ns"/>
      <xsl:with-param name="patterns" select="//sch:pattern"/>
      <xsl:with-param name="declarations" select="()"/>
      <xsl:with-param name="others" select="//sch:*[not(self::sch:ns or ancestor-or-self::sch:pattern)]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:sequence select="editio:unsupported(., 'a document that is neither a Schematron schema (sch:schema) nor a RelaxNG grammar')"/>
  </xsl:template>

  <xsl:template name="editio:stylesheet">
    <xsl:param name="namespaces" as="element(sch:ns)*"/>
    <xsl:param name="patterns" as="element(sch:pattern)*"/>
    <xsl:param name="declarations" as="element()*"/>
    <xsl:param name="others" as="element()*"/>
    <xsl:apply-templates select="$others"/>
    <xsl:apply-templates select="$patterns" mode="refuse"/>
    <axsl:stylesheet version="3.0" exclude-result-prefixes="#all">
      <xsl:for-each select="$namespaces">
        <xsl:namespace name="{@prefix}" select="string(@uri)"/>
      </xsl:for-each>
      <xsl:namespace name="xs" select="'http://www.w3.org/2001/XMLSchema'"/>
      <xsl:namespace name="editio" select="'urn:editio:schematron'"/>
      <axsl:output method="json" indent="no"/>

      <xsl:copy-of select="$declarations[not(self::sch:let)]"/>
      <xsl:apply-templates select="$declarations[self::sch:let]"/>

      <axsl:template match="/">
        <axsl:variable name="findings" as="map(*)*">
          <xsl:for-each select="$patterns">
            <axsl:apply-templates select="{(editio:selection(.), '/')[1]}" mode="p{position()}"/>
          </xsl:for-each>
        </axsl:variable>
        <axsl:sequence select="array {{ $findings }}"/>
      </axsl:template>

      <xsl:for-each select="$patterns">
        <xsl:apply-templates select=".">
          <xsl:with-param name="mode" select="'p' || position()"/>
        </xsl:apply-templates>
      </xsl:for-each>
      <xsl:call-template name="path-functions"/>
    </axsl:stylesheet>
  </xsl:template>

  <!-- What a pattern, a rule or a test may carry that this compiler does not do. -->
  <xsl:template match="sch:pattern" mode="refuse">
    <xsl:for-each select="(@abstract[. = 'true'], @is-a, .//sch:rule/@abstract[. = 'true'], .//(sch:assert | sch:report)/(@diagnostics | @properties))[1]">
      <xsl:sequence select="editio:unsupported(., if (name() = 'abstract') then 'abstract patterns and rules' else '@' || name() || ' on ' || name(..))"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="sch:pattern">
    <xsl:param name="mode" as="xs:string"/>
    <xsl:variable name="selection" select="editio:selection(.)"/>
    <!-- Without a selection, the pattern walks the whole document: attributes only when a rule may match one (a third of the walk's time). -->
    <xsl:variable name="walk" select="if (exists($selection)) then () else if (editio:may-match-attributes(.)) then '@* | *' else '*'"/>
    <xsl:apply-templates select="* except (sch:rule, sch:let, sch:title, sch:p)"/>
    <!-- Nodes no rule matches: walk on to attributes and children (selected nodes all match a rule). -->
    <axsl:template match="document-node() | *" mode="{$mode}" priority="-10">
      <xsl:if test="exists($walk)"><axsl:apply-templates select="{$walk}" mode="{$mode}"/></xsl:if>
    </axsl:template>
    <axsl:template match="@* | text() | comment() | processing-instruction()" mode="{$mode}" priority="-10"/>
    <xsl:for-each select="sch:rule">
      <axsl:template match="{@context}" mode="{$mode}" priority="{1000 - position()}">
        <xsl:apply-templates select="../sch:let, sch:let"/>
        <xsl:apply-templates select="* except sch:let"/>
        <xsl:if test="exists($walk)"><axsl:apply-templates select="{$walk}" mode="{$mode}"/></xsl:if>
      </axsl:template>
    </xsl:for-each>
  </xsl:template>

  <!--
    The nodes a pattern's rules can match, as one expression in document order, so that the
    pattern visits those alone instead of walking the whole document: a rule context P is the
    expression //(P), or P itself when it starts at the root. Beside speed, this keeps an absolute
    context with a costly predicate (TEI's /*[count(//tei:constraintDecl) gt 1]) from being
    tried on every element. () when a context cannot be read as an expression the same way
    (current() means another node there; a pattern starting with a function call): walk.
  -->
  <xsl:function name="editio:selection" as="xs:string?">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:variable name="contexts" select="$pattern/sch:rule/normalize-space(@context)"/>
    <xsl:sequence select="
      if (empty($contexts) or (some $c in $contexts satisfies (contains($c, 'current()') or matches($c, '(^|\|)\s*(key|id|element-with-id|doc|document|root|document-node)\s*\('))))
      then ()
      else string-join($contexts ! (if (starts-with(., '/')) then '(' || . || ')' else '//(' || . || ')'), ' | ')"/>
  </xsl:function>

  <xsl:template match="sch:let">
    <axsl:variable name="{@name}" select="{(@value, '()')[1]}"/>
  </xsl:template>

  <xsl:template match="sch:assert | sch:report">
    <xsl:variable name="failure" select="if (self::sch:assert) then 'not(' || @test || ')' else string(@test)"/>
    <axsl:if test="{$failure}">
      <axsl:variable name="message" as="xs:string">
        <axsl:value-of>
          <xsl:apply-templates select="node()" mode="message"/>
        </axsl:value-of>
      </axsl:variable>
      <axsl:sequence select="map {{
        'rule': '{(@id, ../@id, ../../@id, 'schematron')[1]}',
        'severity': '{editio:severity((@role, ../@role)[1], .)}',
        'path': editio:path(({(@subject, ../@subject, '.')[1]})[1]),
        'message': normalize-space($message) }}"/>
    </axsl:if>
  </xsl:template>

  <xsl:template match="text()" mode="message">
    <axsl:text><xsl:value-of select="."/></axsl:text>
  </xsl:template>
  <xsl:template match="sch:value-of" mode="message">
    <axsl:value-of select="{@select}" separator=" "/>
  </xsl:template>
  <xsl:template match="sch:name" mode="message">
    <axsl:value-of select="name({(@path, '.')[1]})"/>
  </xsl:template>
  <xsl:template match="sch:emph | sch:dir | sch:span" mode="message">
    <xsl:apply-templates mode="message"/>
  </xsl:template>

  <xsl:template match="sch:title | sch:p"/>
  <xsl:template match="*" priority="-1">
    <xsl:sequence select="editio:unsupported(., name() || ' (in ' || name(..) || ')')"/>
  </xsl:template>
  <xsl:template match="*" mode="message" priority="-1">
    <xsl:sequence select="editio:unsupported(., name() || ' in a message')"/>
  </xsl:template>

  <!-- Stop, naming the node at fault by its path (the form src/load/elements.ts reads) and what is not supported. -->
  <xsl:function name="editio:unsupported">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="what" as="xs:string"/>
    <xsl:message terminate="yes" error-code="editio:unsupported">editio-unsupported <xsl:value-of select="editio:source-path($node)"/><xsl:text> </xsl:text><xsl:value-of select="$what"/></xsl:message>
  </xsl:function>
  <xsl:function name="editio:source-path" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string-join((
      for $e in $node/ancestor-or-self::* return '/'
        || (if (namespace-uri($e) eq $TEI) then local-name($e) else 'Q{' || namespace-uri($e) || '}' || local-name($e))
        || '[' || count($e/preceding-sibling::*[node-name(.) eq node-name($e)]) + 1 || ']',
      if ($node instance of attribute()) then '/@' || (if (namespace-uri($node) eq '') then local-name($node) else 'Q{' || namespace-uri($node) || '}' || local-name($node)) else ()))"/>
  </xsl:function>

  <!-- The generated stylesheet's helpers: node paths in the form src/load/elements.ts reads. -->
  <xsl:template name="path-functions">
    <axsl:function name="editio:path" as="xs:string">
      <axsl:param name="node" as="node()"/>
      <axsl:sequence select="
        if ($node instance of document-node()) then '/'
        else string-join(($node/ancestor-or-self::* ! editio:step(.),
          if ($node instance of attribute()) then '/@' || editio:attribute-step($node) else ()))"/>
    </axsl:function>
    <axsl:function name="editio:step" as="xs:string">
      <axsl:param name="e" as="element()"/>
      <axsl:sequence select="'/'
        || (if (namespace-uri($e) eq '{$TEI}') then local-name($e) else 'Q{{' || namespace-uri($e) || '}}' || local-name($e))
        || '[' || count($e/preceding-sibling::*[node-name(.) eq node-name($e)]) + 1 || ']'"/>
    </axsl:function>
    <axsl:function name="editio:attribute-step" as="xs:string">
      <axsl:param name="a" as="attribute()"/>
      <axsl:sequence select="
        if (namespace-uri($a) eq '') then local-name($a)
        else if (namespace-uri($a) eq 'http://www.w3.org/XML/1998/namespace') then 'xml:' || local-name($a)
        else 'Q{{' || namespace-uri($a) || '}}' || local-name($a)"/>
    </axsl:function>
  </xsl:template>

  <!--
    Whether a rule of the pattern may match an attribute: its context, predicates taken off,
    names an attribute. Anything the test cannot see through (a bracket left, a variable, a
    parenthesis, as in a function call or a union) counts as may.
  -->
  <xsl:function name="editio:may-match-attributes" as="xs:boolean">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:sequence select="some $context in $pattern/sch:rule/@context satisfies matches(editio:without-predicates(string($context)), '@|attribute|[\[\]$()]')"/>
  </xsl:function>
  <xsl:function name="editio:without-predicates" as="xs:string">
    <xsl:param name="pattern" as="xs:string"/>
    <xsl:variable name="shorter" select="replace($pattern, '\[[^\[\]]*\]', '')"/>
    <xsl:sequence select="if ($shorter eq $pattern) then $pattern else editio:without-predicates($shorter)"/>
  </xsl:function>

  <!-- A role as a severity; TEI's ODDs write nonfatal for a warning. -->
  <xsl:function name="editio:severity" as="xs:string">
    <xsl:param name="role" as="attribute()?"/>
    <xsl:param name="test" as="element()"/>
    <xsl:sequence select="
      if (empty($role) or lower-case($role) = ('error', 'fatal')) then 'error'
      else if (lower-case($role) = ('warning', 'warn', 'nonfatal')) then 'warning'
      else if (lower-case($role) = ('info', 'information')) then 'info'
      else editio:unsupported($role, 'the role ' || $role || ' (use error, warning or info)')"/>
  </xsl:function>
</xsl:stylesheet>
