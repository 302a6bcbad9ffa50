<?xml version="1.0" encoding="UTF-8"?>
<!--
  editio's Schematron compiler: turns an ISO Schematron schema (the subset below) into an
  XSLT 3.0 stylesheet that returns its findings as a JSON array of
  {rule, severity, path, message}. The path locates the offending node
  (/TEI[1]/text[1]/.../@when) so that editio can turn it into a line and column.

  Supported: sch:schema/@queryBinding xslt2|xslt3, sch:ns, sch:let (schema, pattern, rule),
  sch:pattern, sch:rule/@context, sch:assert and sch:report with @test, @id, @role
  (error | warning | info) and @subject (ISO Schematron 2016), sch:value-of, sch:name,
  sch:title and sch:p (documentation), and xsl:param, xsl:key, xsl:function and xsl:variable children of sch:schema.
  Anything else stops the compilation with a message: better no rules than wrong ones.

  As in ISO Schematron, within one pattern a node is checked by the first rule whose
  context matches it; every pattern sees every node.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:axsl="urn:editio:alias:xsl"
  xmlns:sch="http://purl.oclc.org/dsdl/schematron"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:editio="urn:editio:schematron"
  exclude-result-prefixes="sch xs editio">

  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:output method="xml" indent="yes" encoding="UTF-8"/>

  <xsl:variable name="TEI" select="'http://www.tei-c.org/ns/1.0'"/>

  <xsl:template match="/sch:schema">
    <xsl:if test="not(@queryBinding = ('xslt2', 'xslt3'))">
      <xsl:message terminate="yes">editio's Schematron compiler needs queryBinding="xslt2" or "xslt3"</xsl:message>
    </xsl:if>
    <axsl:stylesheet version="3.0" exclude-result-prefixes="#all">
      <xsl:for-each select="sch:ns">
        <xsl:namespace name="{@prefix}" select="string(@uri)"/>
      </xsl:for-each>
      <xsl:namespace name="xs" select="'http://www.w3.org/2001/XMLSchema'"/>
      <xsl:namespace name="editio" select="'urn:editio:schematron'"/>
      <axsl:output method="json" indent="no"/>

      <xsl:apply-templates select="* except (sch:ns, sch:let, sch:pattern, sch:title, sch:p, xsl:key, xsl:function, xsl:variable, xsl:param)"/>
      <xsl:copy-of select="xsl:param | xsl:key | xsl:function | xsl:variable"/>
      <xsl:apply-templates select="sch:let"/>

      <axsl:template match="/">
        <axsl:variable name="findings" as="map(*)*">
          <xsl:for-each select="sch:pattern">
            <axsl:apply-templates select="/" mode="{editio:mode(.)}"/>
          </xsl:for-each>
        </axsl:variable>
        <axsl:sequence select="array {{ $findings }}"/>
      </axsl:template>

      <xsl:apply-templates select="sch:pattern"/>
      <xsl:call-template name="path-functions"/>
    </axsl:stylesheet>
  </xsl:template>

  <xsl:template match="sch:pattern">
    <xsl:variable name="mode" select="editio:mode(.)"/>
    <!-- Every pattern walks the whole document: attributes only when a rule may match one (a third of the walk's time). -->
    <xsl:variable name="walk" select="if (editio:may-match-attributes(.)) then '@* | *' else '*'"/>
    <xsl:apply-templates select="* except (sch:rule, sch:let, sch:title, sch:p)"/>
    <!-- Nodes no rule matches: walk on to attributes and children. -->
    <axsl:template match="document-node() | *" mode="{$mode}" priority="-10">
      <axsl:apply-templates select="{$walk}" mode="{$mode}"/>
    </axsl:template>
    <axsl:template match="@*" mode="{$mode}" priority="-10"/>
    <xsl:for-each select="sch:rule">
      <axsl:template match="{@context}" mode="{$mode}" priority="{1000 - position()}">
        <xsl:apply-templates select="../sch:let, sch:let"/>
        <xsl:apply-templates select="* except sch:let"/>
        <axsl:apply-templates select="{$walk}" mode="{$mode}"/>
      </axsl:template>
    </xsl:for-each>
  </xsl:template>

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
        'severity': '{editio:severity((@role, ../@role)[1])}',
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
    <xsl:message terminate="yes">editio's Schematron compiler does not support <xsl:value-of select="name()"/> (in <xsl:value-of select="name(..)"/>)</xsl:message>
  </xsl:template>
  <xsl:template match="*" mode="message" priority="-1">
    <xsl:message terminate="yes">editio's Schematron compiler does not support <xsl:value-of select="name()"/> in a message</xsl:message>
  </xsl:template>

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

  <xsl:function name="editio:mode" as="xs:string">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:sequence select="'p' || count($pattern/preceding-sibling::sch:pattern) + 1"/>
  </xsl:function>

  <xsl:function name="editio:severity" as="xs:string">
    <xsl:param name="role" as="attribute()?"/>
    <xsl:sequence select="
      if (empty($role) or lower-case($role) = ('error', 'fatal')) then 'error'
      else if (lower-case($role) = ('warning', 'warn')) then 'warning'
      else if (lower-case($role) = ('info', 'information')) then 'info'
      else error(xs:QName('editio:role'), 'unknown role ' || $role || ' (use error, warning or info)')"/>
  </xsl:function>
</xsl:stylesheet>
